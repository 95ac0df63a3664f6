// cmd_bench_gui.cpp — `ioscope-cli bench gui [--json] [--seek-records N] [--window]`: runs the
// GUI benchmark of the `ioscope` binary next to this one (`ioscope --bench`, gui/bench.h).
//
// sim/ never includes GUI headers (docs/ARCHITECTURE.md §1), so the benchmark lives in the app
// and this command only finds and execs it. By default it needs no display and no GPU (Dear ImGui
// builds the frames, nothing draws them); --window measures in a real window and needs a display
// (e.g. `xvfb-run -a ioscope-cli bench gui --window --json`; without one the app exits 3).
#include "commands.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace ioscope {

int cmd_bench_gui(const BenchArgs& args) {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) {
        std::fprintf(stderr, "ioscope-cli: bench gui: cannot find this program's directory: %s\n", ec.message().c_str());
        return 2;
    }
    const std::string gui = (self.parent_path() / "ioscope").string();
    if (::access(gui.c_str(), X_OK) != 0) {
        std::fprintf(stderr, "ioscope-cli: bench gui: %s: %s (build the GUI: cmake --build <dir> --target ioscope)\n",
                     gui.c_str(), std::strerror(errno));
        return 2;
    }
    std::vector<std::string> argv_s = { gui, "--bench", "--bench-records", std::to_string(args.seek_records) };
    if (args.json) argv_s.push_back("--json");
    if (args.window) argv_s.push_back("--window");
    std::vector<char*> argv;
    for (std::string& s : argv_s) argv.push_back(s.data());
    argv.push_back(nullptr);
    std::fflush(stdout);
    ::execv(gui.c_str(), argv.data());
    std::fprintf(stderr, "ioscope-cli: bench gui: cannot run %s: %s\n", gui.c_str(), std::strerror(errno));
    return 2;
}

} // namespace ioscope
