//! What [`crate::export_plugin!`] expands to call: the plugin's half of the ABI. Every
//! entry point catches panics, so that a panic becomes a reply instead of unwinding into
//! the host (which would abort the process).

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};

use quarry_core::{panic_message, Extractor, Options};
use serde_json::json;

use crate::wire::{self, Reply};
use crate::Buffer;

pub fn describe(name: &str, kinds: &[&str], version: &str) -> Buffer {
    let value = json!({"name": name, "kinds": kinds, "version": version});
    Buffer::from_vec(serde_json::to_vec(&value).expect("serializing a JSON value cannot fail"))
}

/// # Safety
/// `options` must point to `len` readable bytes and `error` to a writable [`Buffer`].
pub unsafe fn create<E, F>(
    options: *const u8,
    len: usize,
    error: *mut Buffer,
    build: F,
) -> *mut c_void
where
    E: Extractor + 'static,
    F: Fn(&Options) -> Result<E, String>,
{
    quiet_panics();
    let bytes = if len == 0 {
        &[][..]
    } else {
        std::slice::from_raw_parts(options, len)
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let options: Options =
            serde_json::from_slice(bytes).map_err(|e| format!("options are not a table: {e}"))?;
        build(&options)
    }));
    let message = match outcome {
        Ok(Ok(extractor)) => {
            let boxed: Box<dyn Extractor> = Box::new(extractor);
            return Box::into_raw(Box::new(boxed)).cast();
        }
        Ok(Err(message)) => message,
        Err(panic) => format!("plugin panicked while starting: {}", panic_message(&*panic)),
    };
    *error = Buffer::from_vec(message.into_bytes());
    std::ptr::null_mut()
}

/// A plugin carries its own copy of the standard library, so the host's panic hook does
/// not apply here. Panics are reported to the host as replies; stderr gets one line.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Not `eprintln!`: it panics when stderr is a closed pipe, and a panic in the
        // hook aborts.
        std::panic::set_hook(Box::new(|info| {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "quarry plugin: warning: a plugin panicked: {info}"
            );
        }));
    });
}

/// # Safety
/// `instance` must come from [`create`] and `document` point to `len` readable bytes.
pub unsafe extern "C" fn extract(instance: *mut c_void, document: *const u8, len: usize) -> Buffer {
    let extractor = &*(instance as *const Box<dyn Extractor>);
    let bytes = if len == 0 {
        &[][..]
    } else {
        std::slice::from_raw_parts(document, len)
    };
    let reply = match catch_unwind(AssertUnwindSafe(|| {
        let (doc, earlier) = wire::decode_document(bytes)?;
        extractor.extract(&doc, &earlier).map_err(|e| e.to_string())
    })) {
        Ok(Ok(facts)) => Reply::Facts(facts),
        Ok(Err(message)) => Reply::Error(message),
        Err(panic) => Reply::Panic(panic_message(&*panic).to_owned()),
    };
    Buffer::from_vec(wire::encode_reply(&reply))
}

/// # Safety
/// `instance` must come from [`create`] and not be used afterwards.
pub unsafe extern "C" fn destroy(instance: *mut c_void) {
    if !instance.is_null() {
        drop(Box::from_raw(instance as *mut Box<dyn Extractor>));
    }
}

/// # Safety
/// `buffer` must have been returned by this plugin and not freed before.
pub unsafe extern "C" fn free_buffer(buffer: Buffer) {
    drop(buffer.into_vec());
}
