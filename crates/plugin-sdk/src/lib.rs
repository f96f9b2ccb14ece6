//! The boundary between quarry and compiled plugins (shared libraries loaded at run time).
//!
//! Rust's own ABI changes between compiler versions, so nothing Rust-shaped crosses the
//! boundary: a plugin exports one C function, `quarry_plugin_entry`, that returns a
//! [`PluginApi`] table of C functions whose first field is the ABI version. Documents,
//! options and facts cross as UTF-8 JSON in [`Buffer`]s, and each side frees only what it
//! allocated (the host hands buffers back through `free_buffer`).
//!
//! A plugin author writes an ordinary [`quarry_core::Extractor`] and one line of
//! [`export_plugin!`]; the host side (feature `host`) is [`host::load`]. Panics never cross
//! the boundary: the plugin side catches them and reports them as the document's error.

#[cfg(feature = "host")]
pub mod host;
#[doc(hidden)]
pub mod plugin_side;
pub mod wire;

/// The linguistic layer the built-in stages read (tokens, sentences, number phrases,
/// chunks, quotation spans), for a plugin to compute on its side of the boundary:
/// `text::Analysis::of_document(doc)`. Sending it across as JSON would cost more than
/// making it again.
pub use quarry_text as text;

use std::ffi::c_void;

/// Bumped whenever [`PluginApi`] or the wire format changes incompatibly.
pub const ABI_VERSION: u32 = 1;

/// The symbol every plugin exports (`extern "C" fn() -> *const PluginApi`).
pub const ENTRY_SYMBOL: &str = "quarry_plugin_entry";

/// Bytes owned by the side that allocated them; the other side only reads them and hands
/// them back to the owner's `free_buffer`.
#[repr(C)]
pub struct Buffer {
    pub ptr: *mut u8,
    pub len: usize,
    pub cap: usize,
}

impl Buffer {
    pub fn from_vec(bytes: Vec<u8>) -> Buffer {
        let mut bytes = std::mem::ManuallyDrop::new(bytes);
        Buffer {
            ptr: bytes.as_mut_ptr(),
            len: bytes.len(),
            cap: bytes.capacity(),
        }
    }

    pub fn empty() -> Buffer {
        Buffer::from_vec(Vec::new())
    }

    /// # Safety
    /// The buffer must come from [`Buffer::from_vec`] in this same library and not have
    /// been freed.
    pub unsafe fn into_vec(self) -> Vec<u8> {
        Vec::from_raw_parts(self.ptr, self.len, self.cap)
    }

    /// The bytes, after the checks a host can make of a buffer another library made: a
    /// null pointer with a length, a length past the capacity, or more than
    /// [`MAX_BUFFER_BYTES`] are errors, not reads.
    ///
    /// # Safety
    /// A non-null `ptr` must point to `len` live bytes (any allocator).
    pub unsafe fn checked_slice(&self) -> Result<&[u8], String> {
        if self.len == 0 {
            return Ok(&[]);
        }
        if self.ptr.is_null() {
            return Err(format!("a null buffer of {} bytes", self.len));
        }
        if self.len > self.cap {
            return Err(format!(
                "a buffer of {} bytes in an allocation of {}",
                self.len, self.cap
            ));
        }
        if self.len > MAX_BUFFER_BYTES {
            return Err(format!(
                "{} bytes, more than the {MAX_BUFFER_BYTES} a reply may have",
                self.len
            ));
        }
        Ok(std::slice::from_raw_parts(self.ptr, self.len))
    }
}

/// The most bytes the host reads from one buffer a plugin returns (a reply with millions
/// of facts would take many times this in memory once parsed).
pub const MAX_BUFFER_BYTES: usize = 64 << 20;

/// The table a plugin exports. Only `abi_version` may be read before it has been checked.
#[repr(C)]
pub struct PluginApi {
    pub abi_version: u32,
    /// `{"name": "…", "kinds": ["…"], "version": "…"}`.
    pub describe: extern "C" fn() -> Buffer,
    /// Builds an instance from the stage options (a JSON object). Returns null and fills
    /// `error` with a UTF-8 message when the options are unusable.
    pub create:
        unsafe extern "C" fn(options: *const u8, len: usize, error: *mut Buffer) -> *mut c_void,
    /// Runs the instance on a document (see [`wire`]); returns the reply JSON.
    pub extract:
        unsafe extern "C" fn(instance: *mut c_void, document: *const u8, len: usize) -> Buffer,
    pub destroy: unsafe extern "C" fn(instance: *mut c_void),
    /// Frees a buffer this plugin returned.
    pub free_buffer: unsafe extern "C" fn(buffer: Buffer),
}

/// Exports an extractor as a quarry plugin. `build` turns the stage options into the
/// extractor (or says what is wrong with them).
///
/// ```ignore
/// quarry_plugin_sdk::export_plugin!(
///     name: "ranks",
///     kinds: ["rank"],
///     build: |_options: &quarry_core::Options| Ok(RanksExtractor)
/// );
/// ```
#[macro_export]
macro_rules! export_plugin {
    (name: $name:expr, kinds: [$($kind:expr),* $(,)?], build: $build:expr $(,)?) => {
        extern "C" fn __quarry_describe() -> $crate::Buffer {
            $crate::plugin_side::describe($name, &[$($kind),*], env!("CARGO_PKG_VERSION"))
        }

        unsafe extern "C" fn __quarry_create(
            options: *const u8,
            len: usize,
            error: *mut $crate::Buffer,
        ) -> *mut ::std::ffi::c_void {
            $crate::plugin_side::create(options, len, error, $build)
        }

        static __QUARRY_PLUGIN_API: $crate::PluginApi = $crate::PluginApi {
            abi_version: $crate::ABI_VERSION,
            describe: __quarry_describe,
            create: __quarry_create,
            extract: $crate::plugin_side::extract,
            destroy: $crate::plugin_side::destroy,
            free_buffer: $crate::plugin_side::free_buffer,
        };

        #[no_mangle]
        pub extern "C" fn quarry_plugin_entry() -> *const $crate::PluginApi {
            &__QUARRY_PLUGIN_API
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_buffer_is_checked_before_it_is_read() {
        let null = Buffer {
            ptr: std::ptr::null_mut(),
            len: 64,
            cap: 64,
        };
        // SAFETY: checked_slice refuses a null pointer before reading it.
        assert_eq!(
            unsafe { null.checked_slice() }.unwrap_err(),
            "a null buffer of 64 bytes"
        );
        let mut bytes = *b"abc";
        let past = Buffer {
            ptr: bytes.as_mut_ptr(),
            len: 4,
            cap: 3,
        };
        // SAFETY: refused on its lengths before any read.
        assert_eq!(
            unsafe { past.checked_slice() }.unwrap_err(),
            "a buffer of 4 bytes in an allocation of 3"
        );
        let fine = Buffer {
            ptr: bytes.as_mut_ptr(),
            len: 3,
            cap: 3,
        };
        // SAFETY: the pointer and length describe `bytes`.
        assert_eq!(unsafe { fine.checked_slice() }.unwrap(), b"abc");
    }
}
