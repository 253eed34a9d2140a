#include "cli/main_command.h"

int main(int argc, char** argv) { return ams::cli::Main(argc, argv); }
