// model_registry.cpp — the registry of program models a scenario can name, with their options.
// The scenario loader validates [[process]] tables against these schemas; the kernel's program
// factory (programs/factory.cpp) instantiates them.
#include "sim/scenario/scenario.h"

namespace ioscope {

const std::vector<ModelSchema>& program_models() {
    static const std::vector<ModelSchema> models = {
        { "blocking-echo-server",
          "One process, blocking sockets: accept a connection, then recv/handle/send until the "
          "client closes, then accept the next (the source texts' one-question-one-answer server).",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
          } },
        { "cpu-bound",
          "A task that only computes in user mode (no system calls): it is preempted only by the "
          "clock interrupt when its time slice is used up.",
          {
              { "work", OptType::Duration, 50000000, 1, INT64_MAX, {}, "total user CPU time the task needs" },
              { "chunk", OptType::Duration, 1000000, 1, INT64_MAX, {}, "length of one compute loop iteration" },
          } },
        { "io-bound",
          "A task that accepts one connection and then loops: blocking recv(), a little computing per "
          "message. It spends most of its life Waiting.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "handler", OptType::Duration, 50000, 0, INT64_MAX, {}, "user CPU time per message" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
          } },
    };
    return models;
}

const ModelSchema* find_model(const std::string& name) {
    for (auto& m : program_models()) if (m.name == name) return &m;
    return nullptr;
}

} // namespace ioscope
