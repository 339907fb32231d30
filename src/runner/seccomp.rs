//! The seccomp program every run starts under: everything a Python or SQLite program needs is
//! allowed; what could reach outside the namespaces (mounting, tracing, new namespaces, kernel
//! keyrings, BPF, raw and network sockets, ...) fails with EPERM. Built with `seccompiler` (the
//! rust-vmm crate) and handed to bubblewrap as raw BPF.

use std::collections::BTreeMap;

use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter, SeccompRule,
    TargetArch,
};

/// Syscalls refused outright.
const DENIED: &[libc::c_long] = &[
    libc::SYS_mount,
    libc::SYS_umount2,
    libc::SYS_pivot_root,
    libc::SYS_chroot,
    libc::SYS_ptrace,
    libc::SYS_process_vm_readv,
    libc::SYS_process_vm_writev,
    libc::SYS_unshare,
    libc::SYS_setns,
    libc::SYS_bpf,
    libc::SYS_perf_event_open,
    libc::SYS_userfaultfd,
    libc::SYS_keyctl,
    libc::SYS_add_key,
    libc::SYS_request_key,
    libc::SYS_init_module,
    libc::SYS_finit_module,
    libc::SYS_delete_module,
    libc::SYS_kexec_load,
    libc::SYS_reboot,
    libc::SYS_swapon,
    libc::SYS_swapoff,
    libc::SYS_open_by_handle_at,
    libc::SYS_name_to_handle_at,
    libc::SYS_fanotify_init,
    libc::SYS_io_uring_setup,
    libc::SYS_personality,
    libc::SYS_acct,
    libc::SYS_settimeofday,
    libc::SYS_clock_settime,
];

fn target_arch() -> Result<TargetArch, String> {
    if cfg!(target_arch = "x86_64") {
        Ok(TargetArch::x86_64)
    } else if cfg!(target_arch = "aarch64") {
        Ok(TargetArch::aarch64)
    } else {
        Err("the sandbox's seccomp filter supports x86_64 and aarch64 only".to_owned())
    }
}

/// The filter as the bytes of a `struct sock_filter[]`, as `bwrap --seccomp` reads it.
pub fn program() -> Result<Vec<u8>, String> {
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = DENIED.iter().map(|&call| (call, Vec::new())).collect();
    // Sockets only for local IPC: no network, no netlink, no packet sockets.
    let non_unix = SeccompCondition::new(0, SeccompCmpArgLen::Dword, SeccompCmpOp::Ne, libc::AF_UNIX as u64)
        .map_err(|e| e.to_string())?;
    rules.insert(libc::SYS_socket, vec![SeccompRule::new(vec![non_unix]).map_err(|e| e.to_string())?]);
    let filter = SeccompFilter::new(
        rules,
        SeccompAction::Allow,
        SeccompAction::Errno(libc::EPERM as u32),
        target_arch()?,
    )
    .map_err(|e| e.to_string())?;
    let program: BpfProgram = filter.try_into().map_err(|e: seccompiler::BackendError| e.to_string())?;
    let mut bytes = Vec::with_capacity(program.len() * 8);
    for instruction in program {
        bytes.extend_from_slice(&instruction.code.to_ne_bytes());
        bytes.push(instruction.jt);
        bytes.push(instruction.jf);
        bytes.extend_from_slice(&instruction.k.to_ne_bytes());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_program_compiles_to_whole_instructions() {
        let bytes = super::program().expect("compiles");
        assert!(!bytes.is_empty());
        assert_eq!(bytes.len() % 8, 0);
    }
}

#[cfg(test)]
mod apply_tests {
    #[test]
    fn the_filter_loads_in_the_kernel_and_refuses_network_sockets() {
        let handle = std::thread::spawn(|| {
            let bytes = super::program().expect("compiles");
            let program: Vec<seccompiler::sock_filter> = bytes
                .chunks(8)
                .map(|c| seccompiler::sock_filter {
                    code: u16::from_ne_bytes([c[0], c[1]]),
                    jt: c[2],
                    jf: c[3],
                    k: u32::from_ne_bytes([c[4], c[5], c[6], c[7]]),
                })
                .collect();
            seccompiler::apply_filter(&program).map_err(|e| e.to_string())?;
            Ok::<bool, String>(std::net::TcpStream::connect("127.0.0.1:9").is_err())
        });
        assert_eq!(handle.join().expect("thread"), Ok(true));
    }
}
