/*
 * Linked into Drydock's NativeAOT binary only (Drydock.Cli.csproj, target DrydockStartupPages); issue 17.
 *
 * A NativeAOT process starts by writing ("rehydrating") ~5.5 MB of its binary's data into the zero-filled part of its
 * writable segment (the .hydrated section after .bss), before any managed code runs. On 4 KiB pages that is ~1,400 page
 * faults, and on a virtual machine whose guest page faults are costly (this project's bench machines: ~15 us each) it
 * was half of `drydock version`'s 40 ms. This constructor runs before the runtime starts and asks the kernel for
 * transparent huge pages on that zero-filled range (madvise MADV_HUGEPAGE), so every whole 2 MiB extent inside it is
 * one fault instead of 512. It touches nothing but the process's own memory, changes no data and no protection, and
 * does nothing where transparent huge pages are off or not built into the kernel (madvise fails; that is ignored).
 * The range is written in full at start anyway, so the resident size does not grow by more than the unused rest of the
 * .bss (under 300 KiB). DRYDOCK_STARTUP_HUGEPAGES=0 turns it off (to measure it).
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int drydock_advise_zero_fill(struct dl_phdr_info *info, size_t size, void *unused)
{
    (void)size;
    (void)unused;
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
            (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
    }
    return 1; /* the first object is the executable itself: stop there */
}

__attribute__((constructor)) static void drydock_startup_pages(void)
{
#ifdef MADV_HUGEPAGE
    const char *off = getenv("DRYDOCK_STARTUP_HUGEPAGES");
    if (off != NULL && strcmp(off, "0") == 0)
        return;
    dl_iterate_phdr(drydock_advise_zero_fill, NULL);
#endif
}
