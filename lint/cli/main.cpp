#include "cli/commands.hpp"

int main(int argc, char** argv) { return erlint::cli::run_main(argc, argv); }
