# funcs.mk - Helm's and Sprig's template functions and Helm's YAML (see
# Makefile.am): the function library registered with tmpl_set_funcs, and
# its tests.

libagentenv_a_SOURCES += \
	src/tmpl/funcs.h src/tmpl/funcs_int.h \
	src/tmpl/funcs_common.c src/tmpl/funcs_string.c src/tmpl/funcs_list.c \
	src/tmpl/funcs_math.c src/tmpl/funcs_json.c src/tmpl/funcs_encoding.c \
	src/tmpl/funcs_regex.c src/tmpl/funcs_helm.c src/tmpl/funcs_words.c \
	src/tmpl/funcs_decimal.c src/tmpl/funcs_semver.c src/tmpl/funcs_misc.c \
	src/tmpl/goyaml.c src/tmpl/goyaml.h

check_PROGRAMS += tests/test_funcs tests/test_goyaml
tests_test_funcs_SOURCES = tests/test_funcs.c
tests_test_funcs_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_funcs_LDADD = $(LIBDEPS) $(CHECK_LIBS)
tests_test_goyaml_SOURCES = tests/test_goyaml.c
tests_test_goyaml_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_goyaml_LDADD = $(LIBDEPS) $(CHECK_LIBS)
