//! Isolated stages: a Lua script or compiled plugin run in worker processes of its own
//! (`isolate = true`, `--isolate`), so that a crash, an abort, an `exit`, a stack
//! overflow, an endless loop or a runaway allocation costs one document's stage and never
//! the run.
//!
//! Each worker is `quarry worker` (a hidden command) holding one loaded stage; the host
//! sends it documents and reads replies in the plugin wire format, framed over its stdin
//! and stdout (`wire::write_frame`). A document that the worker does not answer within
//! the time limit, or whose worker dies, gets an error naming what happened (timeout,
//! signal, exit status); the worker is killed and the next document starts a new one.
//! Workers are pooled: a pipeline thread takes an idle one or starts one.
//!
//! This module spawns and talks to processes; it does not load stages (that is
//! [`crate::stages`], in the worker too).

use std::io::{self, BufReader, BufWriter};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

use quarry_core::{
    Document, ExtractError, Extractor, Fact, Isolation, LoadedStage, Options, StageLoader,
    StageSpec,
};
use quarry_plugin_sdk::wire::{self, Reply};
use quarry_plugin_sdk::MAX_BUFFER_BYTES;
use serde_json::json;

use crate::cli::WorkerArgs;
use crate::stages::Loader;

/// How long a new worker may take to load its stage and say hello.
const START_LIMIT: Duration = Duration::from_secs(30);

/// What the worker is told to load, on its command line.
#[derive(Debug, Clone)]
struct Job {
    spec: StageSpec,
    path: PathBuf,
    options: Options,
    isolation: Isolation,
}

impl Job {
    fn command(&self) -> io::Result<Command> {
        let mut command = Command::new(std::env::current_exe()?);
        let kind = match &self.spec {
            StageSpec::Lua(_) => "lua",
            StageSpec::Dylib(_) => "dylib",
            StageSpec::Plugin(name) => {
                return Err(io::Error::other(format!(
                    "built-in \"{name}\" runs in the quarry process"
                )))
            }
        };
        let options = serde_json::to_string(&self.options).map_err(io::Error::other)?;
        command
            .arg("worker")
            .arg(format!("--{kind}"))
            .arg(&self.path)
            .arg("--options")
            .arg(options)
            .arg("--memory-limit-mb")
            .arg(self.isolation.memory_limit_mb.to_string())
            // mimalloc commits its 1 GiB arena up front by default, which would count
            // against the worker's data limit before the stage has allocated anything.
            .env("MIMALLOC_ARENA_EAGER_COMMIT", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        Ok(command)
    }
}

/// Loads a stage to run isolated: starts one worker to check that it loads and to learn
/// its name, and keeps that worker for the first document.
pub fn load(
    spec: &StageSpec,
    path: &Path,
    options: &Options,
    isolation: Isolation,
) -> Result<LoadedStage, String> {
    let job = Job {
        spec: spec.clone(),
        path: path.to_owned(),
        options: options.clone(),
        isolation,
    };
    let (worker, hello) = Worker::start(&job)?;
    let name = hello["name"].as_str().unwrap_or("isolated").to_owned();
    let origin = format!(
        "{}, isolated (worker processes; {} ms and {} MB per document)",
        hello["origin"].as_str().unwrap_or("?"),
        isolation.time_limit.as_millis(),
        isolation.memory_limit_mb
    );
    Ok(LoadedStage {
        name,
        origin,
        extractor: Box::new(IsolatedStage {
            job,
            idle: Mutex::new(vec![worker]),
        }),
    })
}

struct IsolatedStage {
    job: Job,
    idle: Mutex<Vec<Worker>>,
}

impl Extractor for IsolatedStage {
    fn extract(&self, doc: &Document, earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
        let pooled = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let mut worker = match pooled {
            Some(worker) => worker,
            None => Worker::start(&self.job).map_err(ExtractError)?.0,
        };
        let request = wire::encode_document(doc, earlier);
        match worker.call(&request, self.job.isolation.time_limit) {
            Ok(reply) => {
                if let Ok(mut idle) = self.idle.lock() {
                    idle.push(worker);
                }
                let reply = wire::decode_reply(&reply)
                    .map_err(|e| ExtractError(format!("the worker's reply is malformed: {e}")))?;
                reply.into_facts().map_err(ExtractError)
            }
            Err(failure) => Err(ExtractError(format!(
                "{} (isolated stage; the worker was restarted)",
                worker.end(failure, &self.job.isolation)
            ))),
        }
    }
}

/// Why a worker gave no reply.
enum Failure {
    TimedOut,
    /// The pipe closed or carried nonsense: the process ended or is past saving.
    Broken(String),
}

/// One worker process, with a thread reading its replies so that waiting can time out.
struct Worker {
    child: Child,
    stdin: Option<BufWriter<ChildStdin>>,
    replies: Receiver<io::Result<Option<Vec<u8>>>>,
}

impl Worker {
    fn start(job: &Job) -> Result<(Worker, serde_json::Value), String> {
        let mut child = job
            .command()
            .and_then(|mut command| command.spawn())
            .map_err(|e| format!("cannot start a worker process: {e}"))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err("a worker process has no pipes".into());
        };
        let (send, replies) = mpsc::channel();
        std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            loop {
                let frame = wire::read_frame(&mut stdout, MAX_BUFFER_BYTES);
                let last = !matches!(frame, Ok(Some(_)));
                if send.send(frame).is_err() || last {
                    return;
                }
            }
        });
        let mut worker = Worker {
            child,
            stdin: Some(BufWriter::new(stdin)),
            replies,
        };
        let hello = match worker.receive(START_LIMIT.max(job.isolation.time_limit)) {
            Ok(hello) => hello,
            Err(failure) => return Err(worker.end(failure, &job.isolation)),
        };
        let hello: serde_json::Value = serde_json::from_slice(&hello)
            .map_err(|e| format!("the worker's greeting is not JSON: {e}"))?;
        if let Some(error) = hello["error"].as_str() {
            return Err(error.to_owned());
        }
        Ok((worker, hello))
    }

    fn call(&mut self, request: &[u8], limit: Duration) -> Result<Vec<u8>, Failure> {
        let stdin = self.stdin.as_mut().expect("a live worker has its stdin");
        wire::write_frame(stdin, request).map_err(|e| Failure::Broken(e.to_string()))?;
        self.receive(limit)
    }

    fn receive(&mut self, limit: Duration) -> Result<Vec<u8>, Failure> {
        match self.replies.recv_timeout(limit) {
            Ok(Ok(Some(reply))) => Ok(reply),
            Ok(Ok(None)) => Err(Failure::Broken("it closed its output".into())),
            Ok(Err(e)) => Err(Failure::Broken(e.to_string())),
            Err(RecvTimeoutError::Timeout) => Err(Failure::TimedOut),
            Err(RecvTimeoutError::Disconnected) => Err(Failure::Broken("it hung up".into())),
        }
    }

    /// Kills the worker and says what became of it.
    fn end(mut self, failure: Failure, isolation: &Isolation) -> String {
        let why = match failure {
            Failure::TimedOut => {
                self.stop();
                return format!(
                    "the worker took longer than its time limit of {} ms (time_limit_ms) \
                     and was killed",
                    isolation.time_limit.as_millis()
                );
            }
            Failure::Broken(why) => why,
        };
        // A worker that broke its pipe is usually dying already: give it a moment to
        // exit by itself, so that its own status (signal, exit code) is what is told.
        let status = (0..50).find_map(|_| match self.child.try_wait() {
            Ok(Some(status)) => Some(status),
            _ => {
                std::thread::sleep(Duration::from_millis(10));
                None
            }
        });
        self.stop();
        match status {
            Some(status) => describe_exit(status, isolation),
            None => format!("the worker stopped answering ({why})"),
        }
    }

    fn stop(&mut self) {
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.stop();
    }
}

fn describe_exit(status: ExitStatus, isolation: &Isolation) -> String {
    if let Some(signal) = status.signal() {
        let name = match signal {
            4 => " (SIGILL)",
            6 => " (SIGABRT: an abort, or out of its memory limit)",
            7 => " (SIGBUS)",
            8 => " (SIGFPE)",
            9 => " (SIGKILL)",
            11 => " (SIGSEGV: a crash or a stack overflow)",
            _ => "",
        };
        return format!(
            "the worker was killed by signal {signal}{name}; memory limit {} MB \
             (memory_limit_mb)",
            isolation.memory_limit_mb
        );
    }
    match status.code() {
        Some(code) => format!("the worker exited with status {code}"),
        None => format!("the worker ended ({status})"),
    }
}

/// `quarry worker`: serves the stage its arguments name until its input ends.
pub fn worker(args: WorkerArgs) -> anyhow::Result<ExitCode> {
    let (spec, path) = match (args.lua, args.dylib) {
        (Some(script), _) => (StageSpec::Lua(script.clone()), script),
        (None, Some(library)) => (StageSpec::Dylib(library.clone()), library),
        (None, None) => anyhow::bail!("worker: give --lua or --dylib"),
    };
    serve(&spec, &path, &args.options, args.memory_limit_mb)?;
    Ok(ExitCode::SUCCESS)
}

/// The worker's side: limits its own memory, loads the stage in-process, greets, then
/// answers documents until its input ends.
fn serve(kind: &StageSpec, path: &Path, options: &str, memory_limit_mb: u64) -> io::Result<()> {
    // The protocol owns the real stdout; whatever the stage prints goes to stderr.
    let mut out = BufWriter::new(protocol_stdout()?);
    let stage = match load_here(kind, path, options, memory_limit_mb) {
        Ok(stage) => {
            let hello = json!({"name": stage.name, "origin": stage.origin});
            wire::write_frame(&mut out, hello.to_string().as_bytes())?;
            stage
        }
        Err(message) => {
            let error = json!({"error": message});
            return wire::write_frame(&mut out, error.to_string().as_bytes());
        }
    };
    let mut input = BufReader::new(io::stdin().lock());
    while let Some(request) = wire::read_frame(&mut input, usize::MAX)? {
        let reply = match wire::decode_document(&request) {
            Ok((doc, earlier)) => {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    stage.extractor.extract(&doc, &earlier)
                }));
                match outcome {
                    Ok(Ok(facts)) => Reply::Facts(facts),
                    Ok(Err(e)) => Reply::Error(e.to_string()),
                    Err(panic) => Reply::Panic(quarry_core::panic_message(&*panic).to_owned()),
                }
            }
            Err(e) => Reply::Error(format!("the worker could not read the document: {e}")),
        };
        wire::write_frame(&mut out, &wire::encode_reply(&reply))?;
    }
    Ok(())
}

fn load_here(
    kind: &StageSpec,
    path: &Path,
    options: &str,
    memory_limit_mb: u64,
) -> Result<LoadedStage, String> {
    limit_address_space(memory_limit_mb)?;
    let options: Options =
        serde_json::from_str(options).map_err(|e| format!("worker options: {e}"))?;
    Loader::in_process().load(kind, path, &options, None)
}

/// Caps this process's data memory (`RLIMIT_DATA`: its heap and private writable mappings;
/// not `RLIMIT_AS`, which counts address space reserved and never used): an allocation
/// past it fails and the process aborts, which the host reports.
fn limit_address_space(megabytes: u64) -> Result<(), String> {
    let bytes = megabytes.saturating_mul(1 << 20);
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit reads the struct it is given and nothing else.
    if unsafe { libc::setrlimit(libc::RLIMIT_DATA, &limit) } != 0 {
        return Err(format!(
            "cannot limit the worker's memory to {megabytes} MB: {}",
            io::Error::last_os_error()
        ));
    }
    Ok(())
}

/// A handle on the process's original stdout for the protocol, with file descriptor 1
/// pointed at stderr so that a stage's prints cannot corrupt the replies.
fn protocol_stdout() -> io::Result<std::fs::File> {
    use std::os::fd::FromRawFd;
    // SAFETY: dup and dup2 on the process's own standard descriptors; the duplicate is
    // owned by the returned File alone.
    unsafe {
        let protocol = libc::dup(1);
        if protocol < 0 || libc::dup2(2, 1) < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(std::fs::File::from_raw_fd(protocol))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exits_are_told_by_signal_or_status() {
        let isolation = Isolation::default();
        assert_eq!(
            describe_exit(ExitStatus::from_raw(11), &isolation),
            "the worker was killed by signal 11 (SIGSEGV: a crash or a stack overflow); \
             memory limit 2048 MB (memory_limit_mb)"
        );
        assert_eq!(
            describe_exit(ExitStatus::from_raw(3 << 8), &isolation),
            "the worker exited with status 3"
        );
    }
}
