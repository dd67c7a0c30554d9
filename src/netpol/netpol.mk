# netpol.mk - sources of the network-policy compiler (see Makefile.am and
# src/netpol/netpol.h).

libagentenv_a_SOURCES += \
	src/netpol/netpol.h \
	src/netpol/compose.c \
	src/netpol/check.c \
	src/netpol/kube.c \
	src/cmd/network_policy.c src/cmd/network_policy.h
