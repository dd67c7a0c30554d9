# eval.mk - sources and tests of the policy evaluator (see Makefile.am):
# the model of rendered policies, what they allow, its reports and
# `agentenv policy`.

libagentenv_a_SOURCES += \
	src/netpol/traffic.c src/netpol/traffic.h \
	src/netpol/model.c src/netpol/model.h src/netpol/select.c \
	src/netpol/knp.c \
	src/netpol/eval.c src/netpol/eval.h src/netpol/group.c src/netpol/group.h \
	src/netpol/report.c src/netpol/report.h \
	src/cmd/policy.c

dist_man_MANS += man/agentenv-policy.1

check_PROGRAMS += tests/test_policy
tests_test_policy_SOURCES = tests/test_policy.c
tests_test_policy_LDADD = $(LIBDEPS)
