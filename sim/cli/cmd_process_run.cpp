// cmd_process_run.cpp — `ioscope-cli process-run [OSTEP flags]`: OSTEP's cpu-intro/process-run.py,
// same flags, byte-identical output (sim/ostep/process_run.h). The arguments reach us raw, not
// through CLI11, because they must be parsed the way Python's optparse parses them.
#include "commands.h"

#include "sim/ostep/process_run.h"

#include <cstdio>
#include <iostream>

namespace ioscope {

int cmd_process_run(const std::vector<std::string>& args) {
    ostep::Outcome r = ostep::run_process_run(args);
    std::cout << r.out << std::flush;
    std::cerr << r.err << std::flush;
    return r.exit_code;
}

} // namespace ioscope
