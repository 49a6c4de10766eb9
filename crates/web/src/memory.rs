//! Handing memory the process freed back to the operating system.
//!
//! glibc keeps what a process frees for its own later use. After a burst (seeding
//! the demo network inside the server's process, a peak of requests) that is tens
//! of MiB the server no longer needs: `serve --demo` sat at 78 MiB resident instead
//! of the 19 MiB of a server started on the same database. `malloc_trim` returns
//! the free pages. Called after seeding and by the housekeeping loop.

/// Returns the allocator's free memory to the operating system (glibc only;
/// elsewhere nothing to do).
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer and only walks glibc's own free lists,
    // under glibc's own locks; it may be called from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
