#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| stepup::fuzzing::base32_secret(data));
