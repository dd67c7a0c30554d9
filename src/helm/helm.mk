# helm.mk - sources and tests of this module (see Makefile.am): the Helm
# layer (chart loading, values, rendering, manifests) and its command.

libagentenv_a_SOURCES += \
	src/helm/helm.c src/helm/helm.h \
	src/helm/chart.c src/helm/chart.h \
	src/helm/semver.c \
	src/helm/match.c src/helm/match.h \
	src/helm/values.c src/helm/values.h \
	src/helm/strvals.c src/helm/strvals.h \
	src/helm/yamldoc.c src/helm/yamldoc.h src/helm/yamlfast.c \
	src/helm/manifest.c src/helm/manifest.h \
	src/helm/outdir.c \
	src/helm/names.c src/helm/names.h \
	src/helm/render.c src/helm/render.h \
	src/helm/objects.c \
	src/helm/engine.h \
	src/helm/gostr.c src/helm/gostr.h \
	src/cmd/template.c src/cmd/template.h

check_PROGRAMS += tests/test_helm tests/test_charts tests/test_yamlfast
tests_test_helm_SOURCES = tests/test_helm.c
tests_test_helm_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_helm_LDADD = $(LIBDEPS) $(CHECK_LIBS)
tests_test_yamlfast_SOURCES = tests/test_yamlfast.c
tests_test_yamlfast_LDADD = $(LIBDEPS)
tests_test_charts_SOURCES = tests/test_charts.c tests/testutil.c tests/testutil.h
tests_test_charts_CFLAGS = $(AM_CFLAGS)
tests_test_charts_LDADD = $(LIBDEPS)

dist_man_MANS += man/agentenv-template.1
# Makefile.am sets EXTRA_DIST (which already holds testdata/, so the chart
# cases) after including the fragments, so += cannot be used here: the
# generator script is distributed as a script instead.
dist_noinst_SCRIPTS = tests/charts-bless
