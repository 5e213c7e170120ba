/* pmem2-probe PATH: what libpmem2 and the kernel say about mapping PATH (a
 * file or a device DAX character device), on one line:
 *   granularity=<byte|cache line|page> map_sync=<yes|no: reason>
 * The guest suite checks the infrastructure with it before the project's own
 * binaries exist, and compares their answers with it afterwards.
 * Exit status: 0 when both questions were answered, 1 otherwise. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libpmem2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* 2 MiB: the device DAX alignment the guest namespaces are created with,
 * so a mapping of this length is valid on devdax and on files alike. */
#define PROBE_LEN (2u << 20)

static const char *granularity_name(enum pmem2_granularity g)
{
	switch (g) {
	case PMEM2_GRANULARITY_BYTE: return "byte";
	case PMEM2_GRANULARITY_CACHE_LINE: return "cache line";
	case PMEM2_GRANULARITY_PAGE: return "page";
	}
	return "unknown";
}

/* The granularity libpmem2 grants when it is allowed the weakest (PAGE). */
static int print_granularity(int fd)
{
	struct pmem2_config *cfg = NULL;
	struct pmem2_source *src = NULL;
	struct pmem2_map *map = NULL;
	int rc = 1;

	if (pmem2_config_new(&cfg) || pmem2_source_from_fd(&src, fd) ||
	    pmem2_config_set_required_store_granularity(cfg, PMEM2_GRANULARITY_PAGE) ||
	    pmem2_config_set_length(cfg, PROBE_LEN) ||
	    pmem2_map_new(&map, cfg, src)) {
		printf("granularity=unavailable: %s", pmem2_errormsg());
	} else {
		printf("granularity=%s", granularity_name(pmem2_map_get_store_granularity(map)));
		rc = 0;
	}
	if (map)
		pmem2_map_delete(&map);
	if (src)
		pmem2_source_delete(&src);
	if (cfg)
		pmem2_config_delete(&cfg);
	return rc;
}

/* MAP_SYNC is refused with EOPNOTSUPP by mappings without real DAX. */
static void print_map_sync(int fd)
{
	void *p = mmap(NULL, PROBE_LEN, PROT_READ | PROT_WRITE,
		       MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0);
	if (p == MAP_FAILED) {
		printf(" map_sync=no: %s\n", strerror(errno));
		return;
	}
	munmap(p, PROBE_LEN);
	printf(" map_sync=yes\n");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: pmem2-probe PATH\n");
		return 2;
	}
	int fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "pmem2-probe: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	int rc = print_granularity(fd);
	print_map_sync(fd);
	close(fd);
	return rc;
}
