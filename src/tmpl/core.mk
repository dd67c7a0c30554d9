# core.mk - sources and tests of this module (see Makefile.am).
# Go's text/template engine and fmt (src/tmpl/tmpl.h, gofmt.h).
libagentenv_a_SOURCES += \
	src/tmpl/tmpl.h src/tmpl/gofmt.h src/tmpl/tmpl_impl.h \
	src/tmpl/lex.c src/tmpl/parse.c src/tmpl/exec.c src/tmpl/set.c \
	src/tmpl/builtins.c src/tmpl/gofmt.c src/tmpl/gostrconv.c

check_PROGRAMS += tests/test_tmpl tests/test_gofmt
tests_test_tmpl_SOURCES = tests/test_tmpl.c
tests_test_tmpl_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_tmpl_LDADD = $(LIBDEPS) $(CHECK_LIBS)
tests_test_gofmt_SOURCES = tests/test_gofmt.c
tests_test_gofmt_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_gofmt_LDADD = $(LIBDEPS) $(CHECK_LIBS)
