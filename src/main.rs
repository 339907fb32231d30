//! The `mockloop` binary: everything is in the library; this only hands over to the CLI.

// mimalloc rather than glibc's allocator: in live rooms the writer thread allocates what the async
// workers free (and the other way round), which glibc's per-thread arenas make costly. Measured with
// `mockloop bench live` at 2,000 rooms: about 5 % less server CPU, in paired runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    mockloop::cli::main()
}
