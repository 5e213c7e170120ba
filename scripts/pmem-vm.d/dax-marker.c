/* dax-marker write|read PATH [TEXT]: puts TEXT at the start of every 64 MiB
 * of PATH (a device DAX character device or a file), or prints what the
 * first place holds and fails if another place differs from it.
 * Device DAX has no read(2)/write(2), only mmap, hence this tool: the guest
 * suite checks with it that a refused run left the device untouched. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define STRIDE (64ul << 20)
#define MARKER_MAX 64
/* One device DAX page (2 MiB alignment): the smallest valid mapping. */
#define WINDOW (2ul << 20)

/* The size of PATH: st_size for files, sysfs for device DAX (st_size 0). */
static unsigned long long size_of(int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return 0;
	if (!S_ISCHR(st.st_mode))
		return (unsigned long long)st.st_size;
	char sys[128];
	unsigned long long size = 0;
	snprintf(sys, sizeof sys, "/sys/dev/char/%u:%u/size", major(st.st_rdev), minor(st.st_rdev));
	FILE *f = fopen(sys, "r");
	if (f) {
		if (fscanf(f, "%llu", &size) != 1)
			size = 0;
		fclose(f);
	}
	return size;
}

int main(int argc, char **argv)
{
	int writing = argc == 4 && strcmp(argv[1], "write") == 0;
	if (!writing && !(argc == 3 && strcmp(argv[1], "read") == 0)) {
		fprintf(stderr, "usage: dax-marker write|read PATH [TEXT]\n");
		return 2;
	}
	const char *path = argv[2];
	int fd = open(path, writing ? O_RDWR : O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "dax-marker: %s: %s\n", path, strerror(errno));
		return 1;
	}
	unsigned long long size = size_of(fd);
	if (size < WINDOW) {
		fprintf(stderr, "dax-marker: %s: size unknown or below 2 MiB\n", path);
		return 1;
	}
	char first[MARKER_MAX + 1] = "";
	int rc = 0;
	for (unsigned long long off = 0; off + WINDOW <= size; off += STRIDE) {
		char *p = mmap(NULL, WINDOW, writing ? PROT_READ | PROT_WRITE : PROT_READ,
			       MAP_SHARED, fd, (off_t)off);
		if (p == MAP_FAILED) {
			fprintf(stderr, "dax-marker: %s at %llu: %s\n", path, off, strerror(errno));
			return 1;
		}
		if (writing) {
			strncpy(p, argv[3], MARKER_MAX);
			msync(p, WINDOW, MS_SYNC);
		} else if (off == 0) {
			memcpy(first, p, MARKER_MAX);
		} else if (strncmp(first, p, MARKER_MAX) != 0) {
			fprintf(stderr, "dax-marker: %s: differs at %llu MiB\n", path, off >> 20);
			rc = 1;
		}
		munmap(p, WINDOW);
	}
	if (!writing)
		printf("%s\n", first);
	close(fd);
	return rc;
}
