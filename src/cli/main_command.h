#pragma once

namespace ams::cli {

// Parses the `ams` command line and runs the chosen subcommand. Returns the
// process exit code: 0 on success, 1 on a failed operation, 2 on bad usage.
int Main(int argc, char** argv);

}  // namespace ams::cli
