/*
 * Linked into Drydock's NativeAOT binary only (Drydock.Cli.csproj, target DrydockStartupPages); issue 17. Two things
 * that cut page faults: huge pages for the start-up data (here), and commits populated at once (mprotect, below).
 *
 * A NativeAOT process starts by writing ("rehydrating") ~5.5 MB of its binary's data into the zero-filled part of its
 * writable segment (the .hydrated section after .bss), before any managed code runs. On 4 KiB pages that is ~1,400 page
 * faults, and on a virtual machine whose guest page faults are costly (this project's bench machines: ~15 us each) it
 * was half of `drydock version`'s 40 ms. This constructor runs before the runtime starts and asks the kernel for
 * transparent huge pages on that zero-filled range (madvise MADV_HUGEPAGE), so every whole 2 MiB extent inside it is
 * one fault instead of 512. It touches nothing but the process's own memory, changes no data and no protection, and
 * does nothing where transparent huge pages are off or not built into the kernel (madvise fails; that is ignored).
 * The range is written in full at start anyway, so the resident size does not grow by more than the unused rest of the
 * .bss (under 300 KiB). DRYDOCK_STARTUP_HUGEPAGES=0 turns it off (to measure it). The range is also populated at once
 * (MADV_POPULATE_WRITE, as the commits below): the part outside whole huge pages faulted ~900 times at start.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* Whether the environment variable `name` is "0" (each of the two things below is turned off that way, to measure it). */
static int drydock_turned_off(const char *name)
{
    const char *value = getenv(name);
    return value != NULL && strcmp(value, "0") == 0;
}

struct drydock_zero_fill
{
    int huge;     /* ask for transparent huge pages (unless DRYDOCK_STARTUP_HUGEPAGES=0) */
    int populate; /* fault it in at once (unless DRYDOCK_POPULATE_COMMITS=0) */
};

static int drydock_advise_zero_fill(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    const struct drydock_zero_fill *want = data;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W) || ph->p_memsz <= ph->p_filesz)
            continue;
        /* The zero-filled part: from the first page after the file's bytes to the end of the segment. */
        uintptr_t start = (info->dlpi_addr + ph->p_vaddr + ph->p_filesz + page - 1) & ~(page - 1);
        uintptr_t end = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz + page - 1) & ~(page - 1);
        if (end > start)
        {
#ifdef MADV_HUGEPAGE
            if (want->huge)
                (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#endif
            /* Written in full by the runtime's start anyway: fault it in now, in one call, instead of a trap per page
               where the range is not covered by whole huge pages (session 15; see the commits below). */
            if (want->populate)
                (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
        }
    }
    return 1; /* the first object is the executable itself: stop there */
}

__attribute__((constructor)) static void drydock_startup_pages(void)
{
    struct drydock_zero_fill want = {
#ifdef MADV_HUGEPAGE
        .huge = !drydock_turned_off("DRYDOCK_STARTUP_HUGEPAGES"),
#else
        .huge = 0,
#endif
        .populate = !drydock_turned_off("DRYDOCK_POPULATE_COMMITS"),
    };
    if (want.huge || want.populate)
        dl_iterate_phdr(drydock_advise_zero_fill, &want);
}

/*
 * Commits of memory populated at once (issue 17, session 15). The managed heap grows by making 64 KiB of its reserved
 * range read-write at a time (the runtime's VirtualCommit: mprotect), and each 4 KiB page of it then faults on first
 * touch: a cold scan took ~5,000 such faults, and on this project's bench machines each costs a trap into the
 * hypervisor far dearer than the page's zeroing. This definition of mprotect, in the executable, is the one the
 * runtime statically linked into it calls (and any library's call through its PLT): it does what libc's does (the
 * same system call, the same return value and errno), and when a range of at most 1 MiB was made writable it asks the
 * kernel to fault it in at once (madvise MADV_POPULATE_WRITE, Linux 5.14+): the same pages, allocated in one call
 * instead of one trap each. Larger ranges (thread stacks) are left to fault as they are touched. Where the kernel
 * refuses it (older kernels: EINVAL) it is not asked again. DRYDOCK_POPULATE_COMMITS=0 turns it off (to measure it).
 * Only the process's own memory, which it has just committed, is touched.
 */
#include <errno.h>
#include <sys/syscall.h>

static int drydock_populate = -1; /* -1: not decided yet; 0: off; 1: on */
static long drydock_populated;    /* commits populated so far */

/* How many commits were populated at once so far (drydock version --verbose says it). */
long drydock_populated_commits(void)
{
    return __atomic_load_n(&drydock_populated, __ATOMIC_RELAXED);
}

int mprotect(void *address, size_t length, int protection)
{
    long result = syscall(SYS_mprotect, address, length, protection);
    if (result != 0 || !(protection & PROT_WRITE) || length == 0 || length > (1u << 20))
        return (int)result;
    int on = __atomic_load_n(&drydock_populate, __ATOMIC_RELAXED);
    if (on < 0)
    {
        on = !drydock_turned_off("DRYDOCK_POPULATE_COMMITS");
        __atomic_store_n(&drydock_populate, on, __ATOMIC_RELAXED);
    }
    if (on)
    {
        int saved = errno;
        if (madvise(address, length, MADV_POPULATE_WRITE) == 0)
            __atomic_fetch_add(&drydock_populated, 1, __ATOMIC_RELAXED);
        else if (errno == EINVAL)
            __atomic_store_n(&drydock_populate, 0, __ATOMIC_RELAXED); /* not in this kernel */
        errno = saved;
    }
    return 0;
}
