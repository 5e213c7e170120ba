// SPDX-License-Identifier: GPL-2.0
/*
 * pgmap_kmod: the trackers of impl/ priced with the kernel's own primitives,
 * on the struct pages of a real ZONE_DEVICE pgmap (MEMORY_DEVICE_GENERIC)
 * that the module creates over a physical range it is given.
 *
 * Like kernel/rcu/refscale.c: one hot loop per tracker, kthreads bound one
 * per CPU, ns per get+put pair per thread. Each tracker gets a fresh pgmap;
 * its removal is timed (memunmap_pages() for bulk and percpu_ref, the
 * tracker's own removal for atomic and sweep, then memunmap_pages()).
 * Everything runs at load time; the figures are then readable in debugfs
 * (pgmap_kmod/results, and pgmap_kmod/checks with checks=1) until unload.
 *
 * Safety: nothing is done without range_start/range_size; a range that
 * touches System RAM or that someone has claimed in /proc/iomem is refused;
 * the module reads and writes struct pages only, never the range's memory;
 * unloading releases any pgmap still mapped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/ioport.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/percpu-refcount.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/utsname.h>

MODULE_LICENSE("GPL");  /* memremap_pages() and friends are GPL-only */
MODULE_DESCRIPTION("pgmap-bench: pgmap trackers on a real ZONE_DEVICE pgmap");

static unsigned long range_start;
module_param(range_start, ulong, 0444);
MODULE_PARM_DESC(range_start, "Physical start of the range (required, 2 MiB aligned)");
static unsigned long range_size;
module_param(range_size, ulong, 0444);
MODULE_PARM_DESC(range_size, "Bytes of the range (required, 2 MiB multiple)");
static char *trackers = "none,atomic,percpu_ref,sweep,bulk,none";
module_param(trackers, charp, 0444);
MODULE_PARM_DESC(trackers, "Trackers to run, in order: none,atomic,percpu_ref,sweep,bulk (repeats are passes)");
static char *cpus = "";
module_param(cpus, charp, 0444);
MODULE_PARM_DESC(cpus, "Hot-path thread counts, e.g. 1,2 (default: online CPUs)");
static unsigned long loops = 100000;
module_param(loops, ulong, 0444);
MODULE_PARM_DESC(loops, "get+put pairs per thread per case");
static char *pages = "private,shared";
module_param(pages, charp, 0444);
MODULE_PARM_DESC(pages, "Page sets: private (one page per thread), shared (one pool)");
static unsigned int sweepers = 1;
module_param(sweepers, uint, 0444);
MODULE_PARM_DESC(sweepers, "Sweep scan kthreads");
static unsigned int timeout_ms = 10000;
module_param(timeout_ms, uint, 0444);
MODULE_PARM_DESC(timeout_ms, "Removal gives up after this long, listing the pfns still in use");
static unsigned int runs = 1;
module_param(runs, uint, 0444);
MODULE_PARM_DESC(runs, "Repetitions of every case");
static bool checks;
module_param(checks, bool, 0444);
MODULE_PARM_DESC(checks, "Also check the removal invariants (results in debugfs checks)");

/* The page sets of bench/hotpath_main.cpp: a shared pool walked by every
 * thread from its own offset, and one private page per thread after it. */
#define SHARED_POOL 4096
#define MAX_STUCK 16
/* How long a check holds a page to see removal wait for it. */
#define HOLD_MS 200
/* A bound kthread yields this often: a long hot loop must not stall RCU. */
#define RESCHED_MASK 0xffffUL
/* The atomic tracker's dead bit; the count below it starts at 1. */
#define ATOMIC_DEAD (1L << 62)

enum tracker { T_NONE, T_ATOMIC, T_PERCPU, T_SWEEP, T_BULK, T_COUNT };
static const char *const tracker_names[T_COUNT] = {
	"none", "atomic", "percpu_ref", "sweep", "bulk"
};

/* One pgmap and the state of the tracker that owns it. */
struct experiment {
	struct page *first;
	unsigned long nr_pages;
	enum tracker kind;
	bool mapped;
	atomic_t releases;            /* atomic tracker: release calls */
	struct completion released;   /* atomic tracker: count reached zero */
	/* Each written by the hot path or read by every 0->1: own lines. */
	atomic_long_t count ____cacheline_aligned_in_smp;
	bool dying ____cacheline_aligned_in_smp;
	struct dev_pagemap pgmap;     /* last: it ends with a flexible array */
};

struct removal {
	u64 latency_ns, grace_ns, unmap_ns;
	unsigned long scanned, waited, nstuck;
	unsigned long stuck[MAX_STUCK];
	spinlock_t lock;              /* guards stuck[] across sweepers */
};

/* Text read through debugfs: a fixed buffer, filled while loading. */
struct text {
	char *buf;
	size_t len, cap;
	struct debugfs_blob_wrapper blob;
};
static struct text results, check_log;
static struct dentry *debug_dir;
static struct resource *claimed;
static struct experiment *live;  /* the pgmap mapped now, if any */
static unsigned int pgmaps_created, pgmaps_released, atomic_releases;
static unsigned int checks_failed;

static __printf(2, 3) void emit(struct text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	t->len += vscnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
}

/* ---- the pgmap ---------------------------------------------------------- */

static struct experiment *create_pgmap(enum tracker kind)
{
	struct experiment *e = kzalloc(sizeof(*e), GFP_KERNEL);
	unsigned long i, not_one = 0;
	void *addr;

	if (!e)
		return ERR_PTR(-ENOMEM);
	e->kind = kind;
	e->pgmap.type = MEMORY_DEVICE_GENERIC;
	e->pgmap.range.start = range_start;
	e->pgmap.range.end = range_start + range_size - 1;
	e->pgmap.nr_range = 1;
	atomic_long_set(&e->count, 1);  /* the atomic tracker's initial reference */
	init_completion(&e->released);
	addr = memremap_pages(&e->pgmap, NUMA_NO_NODE);
	if (IS_ERR(addr)) {
		pr_err("memremap_pages(%#lx+%#lx): %ld\n", range_start, range_size, PTR_ERR(addr));
		kfree(e);
		return addr;
	}
	e->mapped = true;
	live = e;
	pgmaps_created++;
	e->first = pfn_to_page(PHYS_PFN(range_start));
	e->nr_pages = range_size >> PAGE_SHIFT;
	/* 6.1 starts generic pages at refcount 1 (only device-private and
	 * coherent ones at 0); the trackers model the 0-when-idle scheme of
	 * zone_device_page_init(), so every page starts at 0 here. */
	for (i = 0; i < e->nr_pages; i++) {
		not_one += page_ref_count(e->first + i) != 1;
		set_page_count(e->first + i, 0);
		if ((i & RESCHED_MASK) == 0)
			cond_resched();
	}
	if (not_one)
		pr_warn("%lu pages did not start at refcount 1\n", not_one);
	return e;
}

/* memunmap_pages(), timed. Idle pages go back to refcount 1 first, the
 * state memremap_pages() left them in and the one the kernel's own users of
 * generic pages keep while a page is free. Called when no user can take a
 * new page (the hot path has finished, or only a check's holder is left). */
static void release_pgmap(struct experiment *e, struct removal *r)
{
	unsigned long i;
	u64 t0;

	for (i = 0; i < e->nr_pages; i++)
		if (page_ref_count(e->first + i) == 0)
			set_page_count(e->first + i, 1);
	t0 = ktime_get_ns();
	memunmap_pages(&e->pgmap);
	r->unmap_ns = ktime_get_ns() - t0;
	e->mapped = false;
	pgmaps_released++;
	atomic_releases += atomic_read(&e->releases);
	if (live == e)
		live = NULL;
}

/* ---- the hot path: try_get_page / put_page of impl/page.hpp ------------- */

enum get_result { REFUSED, FIRST, MORE };

static void atomic_release(struct experiment *e)
{
	atomic_inc(&e->releases);
	complete(&e->released);
}

/* The tracker's reference at 0->1; false when it refuses new users. */
static __always_inline bool first_get(struct experiment *e, const enum tracker k)
{
	long v;

	switch (k) {
	case T_ATOMIC:
		v = atomic_long_read(&e->count);
		do {
			if (v & ATOMIC_DEAD)
				return false;
		} while (!atomic_long_try_cmpxchg(&e->count, &v, v + 1));
		return true;
	case T_PERCPU:
		/* as zone_device_page_init() does for device-private pages */
		return percpu_ref_tryget_live(&e->pgmap.ref);
	case T_SWEEP:
		return !READ_ONCE(e->dying);
	default:
		return true;
	}
}

static __always_inline void last_put(struct experiment *e, const enum tracker k)
{
	switch (k) {
	case T_ATOMIC:
		if (atomic_long_dec_return(&e->count) == ATOMIC_DEAD)
			atomic_release(e);
		break;
	case T_PERCPU:
		percpu_ref_put(&e->pgmap.ref);  /* as free_zone_device_page() */
		break;
	default:
		break;
	}
}

static __always_inline enum get_result try_get(struct experiment *e, struct page *p,
						const enum tracker k)
{
	for (;;) {
		bool ok, won = false;

		/* An in-use page pins the pgmap already: no tracker call. */
		if (page_ref_add_unless(p, 1, 0))
			return MORE;
		/* The check and the publication of the page as in use sit in
		 * one read section, so the sweep's grace period covers both. */
		if (k == T_SWEEP)
			rcu_read_lock();
		ok = first_get(e, k);
		if (ok)
			won = atomic_cmpxchg(&p->_refcount, 0, 1) == 0;
		if (k == T_SWEEP)
			rcu_read_unlock();
		if (won)
			return FIRST;
		if (!ok)
			return REFUSED;
		last_put(e, k);  /* another thread made the transition first */
	}
}

static __always_inline void put(struct experiment *e, struct page *p, const enum tracker k)
{
	if (page_ref_dec_and_test(p))
		last_put(e, k);
}

struct worker {
	struct experiment *e;
	struct task_struct *task;
	struct completion *gate;
	struct completion done;
	unsigned int index, threads;
	bool shared;
	u64 ns, firsts, refused;
} ____cacheline_aligned_in_smp;

static __always_inline void hot_loop(struct worker *w, const enum tracker k)
{
	struct experiment *e = w->e;
	struct page *base = e->first, *mine = e->first + SHARED_POOL + w->index;
	unsigned long n = w->index * (SHARED_POOL / w->threads), i;
	/* Locals: the atomics below would make the compiler reload these. */
	const unsigned long nloops = loops;
	const bool shared = w->shared;
	u64 firsts = 0, refused = 0, t0;

	t0 = ktime_get_ns();
	for (i = 0; i < nloops; i++) {
		struct page *p = shared ? base + (n++ & (SHARED_POOL - 1)) : mine;
		enum get_result r = try_get(e, p, k);

		if (likely(r != REFUSED)) {
			firsts += r == FIRST;
			put(e, p, k);
		} else {
			refused++;
		}
		if (unlikely((i & RESCHED_MASK) == RESCHED_MASK))
			cond_resched();
	}
	w->ns = ktime_get_ns() - t0;
	w->firsts = firsts;
	w->refused = refused;
}

/* One instance per tracker: the tracker is a constant inside each loop. */
static noinline void hot_none(struct worker *w) { hot_loop(w, T_NONE); }
static noinline void hot_atomic(struct worker *w) { hot_loop(w, T_ATOMIC); }
static noinline void hot_percpu(struct worker *w) { hot_loop(w, T_PERCPU); }
static noinline void hot_sweep(struct worker *w) { hot_loop(w, T_SWEEP); }
static noinline void hot_bulk(struct worker *w) { hot_loop(w, T_BULK); }
static void (*const hot_loops[T_COUNT])(struct worker *) = {
	hot_none, hot_atomic, hot_percpu, hot_sweep, hot_bulk
};

/* Keeps a finished kthread until kthread_stop(), which may then read it. */
static void park_until_stopped(void)
{
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
}

static int hot_worker(void *arg)
{
	struct worker *w = arg;

	wait_for_completion(w->gate);
	hot_loops[w->e->kind](w);
	complete(&w->done);
	park_until_stopped();
	return 0;
}

/* One hot-path case: THREADS kthreads bound to the first online CPUs. */
static int run_hotpath(struct experiment *e, bool shared, unsigned int threads,
		       unsigned int run, unsigned int pass)
{
	struct completion gate;
	struct worker *w = kcalloc(threads, sizeof(*w), GFP_KERNEL);
	unsigned int i = 0, cpu, started = 0;
	u64 sum = 0, max = 0, firsts = 0, refused = 0;
	int err = 0;

	if (!w)
		return -ENOMEM;
	init_completion(&gate);
	emit(&results, "hotpath tracker=%s pass=%u pages=%s threads=%u run=%u loops=%lu cpus=",
	     tracker_names[e->kind], pass, shared ? "shared" : "private", threads, run, loops);
	for_each_online_cpu(cpu) {
		if (i == threads)
			break;
		w[i] = (struct worker){ .e = e, .gate = &gate, .index = i, .threads = threads,
					.shared = shared };
		init_completion(&w[i].done);
		w[i].task = kthread_create(hot_worker, &w[i], "pgmap_hot/%u", cpu);
		if (IS_ERR(w[i].task)) {
			err = PTR_ERR(w[i].task);
			break;
		}
		kthread_bind(w[i].task, cpu);
		wake_up_process(w[i].task);
		emit(&results, "%s%u", i ? "," : "", cpu);
		started = ++i;
	}
	/* Opened even after a failed start: the workers wait uninterruptibly. */
	complete_all(&gate);
	for (i = 0; i < started; i++) {
		wait_for_completion(&w[i].done);
		kthread_stop(w[i].task);
		sum += w[i].ns;
		max = max(max, w[i].ns);
		firsts += w[i].firsts;
		refused += w[i].refused;
	}
	emit(&results, " elapsed_ns_sum=%llu elapsed_ns_max=%llu firsts=%llu refused=%llu\n",
	     sum, max, firsts, refused);
	kfree(w);
	return err;
}

/* ---- removal ------------------------------------------------------------ */

struct sweeper {
	struct experiment *e;
	struct removal *r;
	struct task_struct *task;
	struct completion done;
	unsigned long begin, end, waited;
	u64 deadline;
};

static void note_stuck(struct removal *r, unsigned long pfn)
{
	spin_lock(&r->lock);
	if (r->nstuck < MAX_STUCK)
		r->stuck[r->nstuck] = pfn;
	r->nstuck++;
	spin_unlock(&r->lock);
}

/* Waits for every non-zero refcount of the sweeper's share to reach zero. */
static int sweep_worker(void *arg)
{
	struct sweeper *s = arg;
	struct page *first = s->e->first;
	unsigned long i;

	for (i = s->begin; i < s->end; i++) {
		if (likely(page_ref_count(first + i) == 0))
			continue;
		s->waited++;
		while (page_ref_count(first + i) != 0) {
			if (ktime_get_ns() > s->deadline) {
				note_stuck(s->r, page_to_pfn(first + i));
				break;
			}
			usleep_range(10, 50);
		}
	}
	complete(&s->done);
	park_until_stopped();
	return 0;
}

/* Mark dying, wait a grace period (every 0->1 that saw the pgmap live has
 * published its refcount by then), scan with `sweepers` kthreads. */
static int sweep_remove(struct experiment *e, struct removal *r, u64 timeout_ns)
{
	unsigned int n = max(sweepers, 1U), i, started = 0;
	struct sweeper *s = kcalloc(n, sizeof(*s), GFP_KERNEL);
	u64 t0 = ktime_get_ns();
	int err = 0;

	if (!s)
		return -ENOMEM;
	WRITE_ONCE(e->dying, true);
	synchronize_rcu();
	r->grace_ns = ktime_get_ns() - t0;
	for (i = 0; i < n; i++) {
		s[i] = (struct sweeper){ .e = e, .r = r, .deadline = t0 + timeout_ns,
					 .begin = e->nr_pages * i / n,
					 .end = e->nr_pages * (i + 1) / n };
		init_completion(&s[i].done);
		s[i].task = kthread_create(sweep_worker, &s[i], "pgmap_sweep/%u", i);
		if (IS_ERR(s[i].task)) {
			err = PTR_ERR(s[i].task);
			break;
		}
		wake_up_process(s[i].task);
		started++;
	}
	for (i = 0; i < started; i++) {
		wait_for_completion(&s[i].done);
		kthread_stop(s[i].task);
		r->waited += s[i].waited;
		r->scanned += s[i].end - s[i].begin;
	}
	r->latency_ns = ktime_get_ns() - t0;
	kfree(s);
	return err;
}

/* Set dead and drop the initial reference in one add; wait for zero. */
static void atomic_remove(struct experiment *e, struct removal *r, u64 timeout_ns)
{
	u64 t0 = ktime_get_ns();

	if (atomic_long_add_return(ATOMIC_DEAD - 1, &e->count) == ATOMIC_DEAD)
		atomic_release(e);
	if (!wait_for_completion_timeout(&e->released, nsecs_to_jiffies(timeout_ns)))
		r->nstuck = atomic_long_read(&e->count) & ~ATOMIC_DEAD;
	r->latency_ns = ktime_get_ns() - t0;
}

/* The tracker's own removal, then the pgmap's release; the pgmap stays
 * mapped when users are still there at the timeout (they may still touch
 * its struct pages). bulk and percpu_ref remove with memunmap_pages(). */
static int remove_pgmap(struct experiment *e, struct removal *r, u64 timeout_ns)
{
	int err = 0;

	spin_lock_init(&r->lock);
	if (e->kind == T_SWEEP)
		err = sweep_remove(e, r, timeout_ns);
	else if (e->kind == T_ATOMIC)
		atomic_remove(e, r, timeout_ns);
	if (err || r->nstuck)
		return err ? err : -EBUSY;
	release_pgmap(e, r);
	if (e->kind == T_BULK || e->kind == T_PERCPU)
		r->latency_ns = r->unmap_ns;
	return 0;
}

static void emit_removal(struct experiment *e, unsigned int run, const struct removal *r)
{
	unsigned long i;

	emit(&results, "removal tracker=%s run=%u sweepers=%u pages=%lu latency_ns=%llu "
	     "grace_ns=%llu unmap_ns=%llu pages_scanned=%lu pages_waited=%lu stuck=%lu",
	     tracker_names[e->kind], run, e->kind == T_SWEEP ? max(sweepers, 1U) : 1,
	     e->nr_pages, r->latency_ns, r->grace_ns, r->unmap_ns, r->scanned, r->waited,
	     r->nstuck);
	for (i = 0; i < min(r->nstuck, (unsigned long)MAX_STUCK); i++)
		emit(&results, "%s%#lx", i ? "," : " stuck_pfns=", r->stuck[i]);
	emit(&results, "\n");
}

/* ---- the checks --------------------------------------------------------- */

static void check(bool ok, const char *what, const char *detail)
{
	emit(&check_log, "%s: %s%s%s\n", ok ? "passed" : "FAILED", what,
	     detail[0] ? ": " : "", detail);
	checks_failed += !ok;
}

/* Removal in a kthread, so that the loader can watch it wait. */
struct remover {
	struct experiment *e;
	struct removal r;
	u64 timeout_ns;
	int err;
	struct completion done;
};

static int remover_fn(void *arg)
{
	struct remover *m = arg;

	m->err = remove_pgmap(m->e, &m->r, m->timeout_ns);
	complete(&m->done);
	park_until_stopped();
	return 0;
}

/* Holds one page of a fresh pgmap of tracker KIND, starts its removal in a
 * kthread, checks that removal waits for the page, drops it, checks that
 * removal finishes; CHECK_DYING runs while removal waits. */
static void check_waits(enum tracker kind, const char *remover_name,
			void (*check_dying)(struct experiment *, struct page *))
{
	struct experiment *e = create_pgmap(kind);
	struct remover *m;
	struct task_struct *task;
	struct page *held;
	char what[96], detail[96] = "";
	bool waited;

	if (IS_ERR(e)) {
		check(false, remover_name, "cannot create the pgmap");
		return;
	}
	held = e->first + 7;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m || try_get(e, held, kind) != FIRST) {
		check(false, remover_name, "cannot set up the held page");
		goto out;
	}
	m->e = e;
	m->timeout_ns = (u64)timeout_ms * NSEC_PER_MSEC;
	init_completion(&m->done);
	task = kthread_run(remover_fn, m, "pgmap_remove");
	if (IS_ERR(task)) {
		put(e, held, kind);
		check(false, remover_name, "cannot start the remover");
		goto out;
	}
	if (check_dying)
		check_dying(e, held);
	msleep(HOLD_MS);
	waited = !completion_done(&m->done);
	snprintf(what, sizeof(what), "%s waits for a held page (pfn %#lx)", remover_name,
		 page_to_pfn(held));
	check(waited, what, waited ? "" : "returned while the page was held");
	/* A removal that did not wait may have unmapped the held page's
	 * struct page: then the page is left alone (a broken rule is
	 * reported, not turned into an oops). */
	if (waited || e->mapped)
		put(e, held, kind);
	waited = wait_for_completion_timeout(&m->done, msecs_to_jiffies(timeout_ms));
	kthread_stop(task);  /* returns at once: the remover has finished or parked */
	if (waited && kind == T_SWEEP)
		snprintf(detail, sizeof(detail), "pages waited for: %lu", m->r.waited);
	else if (!waited)
		snprintf(detail, sizeof(detail), "still waiting after %u ms", timeout_ms);
	snprintf(what, sizeof(what), "%s finishes once the page is dropped", remover_name);
	if (waited && m->err)
		snprintf(detail, sizeof(detail), "error %d", m->err);
	check(waited && !m->err, what, detail);
	if (kind == T_ATOMIC) {
		snprintf(detail, sizeof(detail), "%d release(s)", atomic_read(&e->releases));
		check(atomic_read(&e->releases) == 1, "atomic: release ran exactly once", detail);
	}
out:
	if (e->mapped) {
		struct removal r = {};

		release_pgmap(e, &r);
	}
	kfree(m);
	kfree(e);
}

/* While memunmap_pages() waits: the pgmap's percpu_ref is dead. */
static void percpu_refuses(struct experiment *e, struct page *held)
{
	unsigned long i;
	bool refused;

	for (i = 0; i < timeout_ms && !percpu_ref_is_dying(&e->pgmap.ref); i++)
		msleep(1);
	refused = !first_get(e, T_PERCPU);  /* the tracker's own 0->1 path */
	if (!refused)
		last_put(e, T_PERCPU);
	check(refused, "percpu_ref: a 0->1 transition is refused once memunmap_pages() has killed pgmap->ref",
	      percpu_ref_is_dying(&e->pgmap.ref) ? "" : "the ref never died");
}

/* While the sweep waits: a 0->1 transition is refused. */
static void sweep_refuses(struct experiment *e, struct page *held)
{
	struct page *idle = held + 1;
	unsigned long i;
	enum get_result got;

	for (i = 0; i < timeout_ms && !READ_ONCE(e->dying); i++)
		msleep(1);
	got = try_get(e, idle, T_SWEEP);
	if (got != REFUSED)
		put(e, idle, T_SWEEP);
	check(got == REFUSED, "sweep: a 0->1 transition is refused once removal has begun", "");
}

/* A sweep that times out lists the pfn of the page still held. */
static void check_sweep_timeout(void)
{
	struct experiment *e = create_pgmap(T_SWEEP);
	struct removal r = {};
	struct page *held;
	char detail[128];
	bool listed;
	int err;

	if (IS_ERR(e)) {
		check(false, "sweep: the timeout lists the held page", "cannot create the pgmap");
		return;
	}
	held = e->first + 4096 + 5;
	if (try_get(e, held, T_SWEEP) != FIRST) {
		check(false, "sweep: the timeout lists the held page", "cannot hold the page");
	} else {
		err = remove_pgmap(e, &r, (u64)HOLD_MS * NSEC_PER_MSEC);
		listed = err == -EBUSY && r.nstuck == 1 && r.stuck[0] == page_to_pfn(held);
		snprintf(detail, sizeof(detail), "held pfn %#lx, err %d, %lu listed, first %#lx",
			 page_to_pfn(held), err, r.nstuck, r.nstuck ? r.stuck[0] : 0UL);
		check(listed, "sweep: a removal that times out lists the held page's pfn", detail);
		check(e->mapped, "sweep: a removal that times out leaves the pgmap mapped", "");
		if (e->mapped)  /* else the struct page is gone: see check_waits() */
			put(e, held, T_SWEEP);
	}
	if (e->mapped)
		release_pgmap(e, &r);
	kfree(e);
}

static void run_checks(void)
{
	unsigned int created = pgmaps_created;

	check_waits(T_PERCPU, "percpu_ref: memunmap_pages()", percpu_refuses);
	check_waits(T_SWEEP, "sweep: the sweep", sweep_refuses);
	check_sweep_timeout();
	check_waits(T_ATOMIC, "atomic: removal", NULL);
	{
		char detail[64];

		snprintf(detail, sizeof(detail), "%u created, %u released",
			 pgmaps_created - created, pgmaps_released - created);
		check(pgmaps_released == pgmaps_created && live == NULL,
		      "every pgmap of the checks was released exactly once", detail);
	}
}

/* ---- parameters and the run --------------------------------------------- */

/* Calls FN for each comma-separated word of LIST; stops at an error. */
static int for_each_word(const char *list, int (*fn)(const char *, void *), void *arg)
{
	char *copy = kstrdup(list, GFP_KERNEL), *rest = copy, *word;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	while (!err && (word = strsep(&rest, ",")))
		if (*word)
			err = fn(strim(word), arg);
	kfree(copy);
	return err;
}

/* What to run; a tracker may appear twice (none runs first and last, the
 * noise floor of bench_hotpath), each appearance being one pass. */
struct plan {
	enum tracker order[8];
	unsigned int pass[8];
	unsigned int ntrackers;
	unsigned int threads[64];
	unsigned int nthreads;
	bool private_pages, shared_pages;
};

static int add_tracker(const char *word, void *arg)
{
	struct plan *p = arg;
	int k = match_string(tracker_names, T_COUNT, word);
	unsigned int i, pass = 1;

	if (k < 0 || p->ntrackers == ARRAY_SIZE(p->order)) {
		pr_err("trackers: '%s' is not one of none, atomic, percpu_ref, sweep, bulk "
		       "(at most %zu in all)\n", word, ARRAY_SIZE(p->order));
		return -EINVAL;
	}
	for (i = 0; i < p->ntrackers; i++)
		pass += p->order[i] == k;
	p->order[p->ntrackers] = k;
	p->pass[p->ntrackers++] = pass;
	return 0;
}

static int add_threads(const char *word, void *arg)
{
	struct plan *p = arg;
	unsigned int n;

	if (kstrtouint(word, 0, &n) || n == 0 || n > num_online_cpus() ||
	    p->nthreads == ARRAY_SIZE(p->threads)) {
		pr_err("cpus: '%s' is not a thread count from 1 to %u\n", word, num_online_cpus());
		return -EINVAL;
	}
	p->threads[p->nthreads++] = n;
	return 0;
}

static int add_page_set(const char *word, void *arg)
{
	struct plan *p = arg;

	if (!strcmp(word, "private"))
		p->private_pages = true;
	else if (!strcmp(word, "shared"))
		p->shared_pages = true;
	else {
		pr_err("pages: '%s' is not private or shared\n", word);
		return -EINVAL;
	}
	return 0;
}

static int parse_plan(struct plan *p)
{
	int err = for_each_word(trackers, add_tracker, p);

	if (!err)
		err = for_each_word(cpus, add_threads, p);
	if (!err && p->nthreads == 0)
		p->threads[p->nthreads++] = num_online_cpus();
	if (!err)
		err = for_each_word(pages, add_page_set, p);
	if (!err && (!p->ntrackers || loops == 0 || runs == 0)) {
		pr_err("nothing to run: trackers, loops and runs must not be empty or 0\n");
		err = -EINVAL;
	}
	return err;
}

/* The range must be given, aligned, big enough, outside System RAM and
 * unclaimed; it is then claimed until unload. */
static int claim_range(void)
{
	unsigned long need = (SHARED_POOL + num_possible_cpus()) * PAGE_SIZE;

	if (!range_size) {
		pr_err("no range given (range_start=, range_size=): nothing done\n");
		return -EINVAL;
	}
	if (!IS_ALIGNED(range_start, SZ_2M) || !IS_ALIGNED(range_size, SZ_2M) ||
	    range_size < need || range_start + range_size < range_start) {
		pr_err("range %#lx+%#lx: start and size must be 2 MiB multiples, size at least %lu KiB\n",
		       range_start, range_size, need >> 10);
		return -EINVAL;
	}
	if (region_intersects(range_start, range_size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("range %#lx+%#lx overlaps System RAM: refused\n", range_start, range_size);
		return -EINVAL;
	}
	claimed = request_mem_region(range_start, range_size, KBUILD_MODNAME);
	if (!claimed) {
		pr_err("range %#lx+%#lx is claimed by someone else (see /proc/iomem): refused\n",
		       range_start, range_size);
		return -EBUSY;
	}
	return 0;
}

static int run_tracker(const struct plan *p, enum tracker k, unsigned int run,
		       unsigned int pass)
{
	struct experiment *e = create_pgmap(k);
	struct removal r = {};
	unsigned int t, s;
	int err = 0;

	if (IS_ERR(e))
		return PTR_ERR(e);
	for (s = 0; s < 2 && !err; s++) {
		if (!(s ? p->shared_pages : p->private_pages))
			continue;
		for (t = 0; t < p->nthreads && !err; t++)
			err = run_hotpath(e, s, p->threads[t], run, pass);
	}
	if (!err) {
		err = remove_pgmap(e, &r, (u64)timeout_ms * NSEC_PER_MSEC);
		if (k != T_NONE && pass == 1)
			emit_removal(e, run, &r);
	}
	if (e->mapped && (!err || !r.nstuck))
		release_pgmap(e, &r);
	if (!e->mapped)
		kfree(e);  /* else left to unload, still mapped */
	return err;
}

static void emit_header(void)
{
	emit(&results, "kernel release=%s preempt_rcu=%d preempt_count=%d preemption=%d preempt_dynamic=%d "
	     "config_preempt_none=%d config_preempt_voluntary=%d config_preempt=%d "
	     "preempt_model=%s page_size=%lu struct_page=%zu\n",
	     utsname()->release, IS_ENABLED(CONFIG_PREEMPT_RCU), IS_ENABLED(CONFIG_PREEMPT_COUNT),
	     IS_ENABLED(CONFIG_PREEMPTION),
	     IS_ENABLED(CONFIG_PREEMPT_DYNAMIC), IS_ENABLED(CONFIG_PREEMPT_NONE),
	     IS_ENABLED(CONFIG_PREEMPT_VOLUNTARY), IS_ENABLED(CONFIG_PREEMPT),
	     preempt_model_full() ? "full" : preempt_model_voluntary() ? "voluntary" : "none",
	     PAGE_SIZE, sizeof(struct page));
	emit(&results, "params range_start=%#lx range_size=%lu trackers=%s cpus=%s loops=%lu "
	     "pages=%s sweepers=%u timeout_ms=%u runs=%u checks=%d\n",
	     range_start, range_size, trackers, cpus, loops, pages, sweepers, timeout_ms, runs,
	     checks);
}

static int alloc_text(struct text *t, size_t cap)
{
	t->buf = kvzalloc(cap, GFP_KERNEL);
	t->cap = cap;
	return t->buf ? 0 : -ENOMEM;
}

static void free_all(void)
{
	struct experiment *e = live;
	struct removal r = {};

	debugfs_remove_recursive(debug_dir);
	if (e) {  /* a pgmap that a failed removal left mapped */
		release_pgmap(e, &r);
		kfree(e);
	}
	if (claimed)
		release_mem_region(range_start, range_size);
	kvfree(results.buf);
	kvfree(check_log.buf);
}

static int __init pgmap_kmod_init(void)
{
	struct plan p = {};
	unsigned int run, i;
	int err;

	pr_info("--- start: range_start=%#lx range_size=%lu trackers=%s cpus=%s loops=%lu pages=%s "
		"sweepers=%u timeout_ms=%u runs=%u checks=%d\n", range_start, range_size, trackers,
		cpus, loops, pages, sweepers, timeout_ms, runs, checks);
	err = parse_plan(&p);
	if (!err)
		err = claim_range();
	if (!err)
		err = alloc_text(&results, SZ_256K) ?: alloc_text(&check_log, SZ_16K);
	if (err)
		goto fail;
	emit_header();
	for (run = 0; run < runs && !err; run++)
		for (i = 0; i < p.ntrackers && !err; i++)
			err = run_tracker(&p, p.order[i], run, p.pass[i]);
	if (!err && checks)
		run_checks();
	emit(&results, "pgmaps created=%u released=%u atomic_releases=%u checks_failed=%u\n",
	     pgmaps_created, pgmaps_released, atomic_releases, checks_failed);
	if (err) {
		pr_err("run failed (%d); %zu bytes of results discarded\n", err, results.len);
		goto fail;
	}
	debug_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	results.blob = (struct debugfs_blob_wrapper){ results.buf, results.len };
	check_log.blob = (struct debugfs_blob_wrapper){ check_log.buf, check_log.len };
	debugfs_create_blob("results", 0400, debug_dir, &results.blob);
	debugfs_create_blob("checks", 0400, debug_dir, &check_log.blob);
	pr_info("--- end: %u pgmaps created, %u released, %u check(s) failed\n",
		pgmaps_created, pgmaps_released, checks_failed);
	return 0;
fail:
	free_all();
	return err;
}

static void __exit pgmap_kmod_exit(void)
{
	free_all();
	pr_info("unloaded: %u pgmaps created, %u released\n", pgmaps_created, pgmaps_released);
}

module_init(pgmap_kmod_init);
module_exit(pgmap_kmod_exit);
