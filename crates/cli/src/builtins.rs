//! Links the built-in extractor crates into the binary. They register themselves with the
//! registry through `inventory`; naming them here keeps the linker from dropping them.

pub fn link() {
    quarry_dates::link();
    quarry_quotes::link();
    quarry_casualties::link();
}
