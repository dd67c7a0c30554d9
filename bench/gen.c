/* gen.c - a compose file of N services with realistic content, for bench/.
 *
 * usage: gen N > compose.yaml
 * Every service has an image, a command, five environment variables, a
 * healthcheck, a named volume and one or two of five networks; every third
 * has memory and CPU limits, every fifth a user; egress is allowed to two
 * domains. The shape follows the reference's synthetic goldens, so the
 * reference accepts the file and our figures compare with its timings. */
#include <stdio.h>
#include <stdlib.h>

static void gen_service(int i)
{
	printf("  svc-%04d:\n", i);
	printf("    image: registry.example.com/team/app-%d:1.%d.%d\n", i, i % 10, i % 7);
	printf("    command: python -m app.server --port %d --workers 2\n", 8000 + i % 1000);
	printf("    environment:\n");
	for (int v = 0; v < 5; v++)
		printf("      VAR_%d: value-%d-%d\n", v, i, v);
	printf("    healthcheck:\n");
	printf("      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:%d/health\"]\n", 8000 + i % 1000);
	printf("      interval: 30s\n      timeout: 10s\n      retries: 3\n      start_period: 1m\n");
	if (i % 3 == 0)
		printf("    mem_limit: %dm\n    cpus: 0.5\n", 256 + 128 * (i % 4));
	if (i % 5 == 0)
		printf("    user: \"%d:%d\"\n", 1000 + i % 10, 1000);
	printf("    volumes:\n      - data_%d:/mnt/data\n", i % 50);
	printf("    networks:\n      - net-%d\n", i % 5);
	if (i % 2)
		printf("      - net-%d\n", (i + 1) % 5);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;
	if (n < 1) {
		fprintf(stderr, "usage: gen N\n");
		return 2;
	}
	printf("services:\n");
	for (int i = 0; i < n; i++)
		gen_service(i);
	printf("volumes:\n");
	for (int v = 0; v < 50 && v < n; v++)
		printf("  data_%d:\n", v);
	printf("networks:\n");
	for (int k = 0; k < 5; k++)
		printf("  net-%d: {}\n", k);
	printf("x-inspect_k8s_sandbox:\n  allow_domains:\n    - pypi.org\n"
	       "    - files.pythonhosted.org\n");
	return 0;
}
