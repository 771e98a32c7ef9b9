fn main() {
    std::process::exit(stepup::main_exit_code());
}
