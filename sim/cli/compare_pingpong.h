// compare_pingpong.h — the simulated twin of the live ping-pong micro-measurement
// (sim/live/micro_bench.h): two tasks pinned to ONE simulated CPU bounce one byte over a loopback
// TCP connection (threads of one process, then two processes), and the same send + recv pair in
// one task without anyone sleeping. Half trip = (round trip - 2 x pair) / 2 — what the model
// charges for one wakeup, the sleeper's wait-queue add/remove and one context switch. Used to fit
// try_to_wake_up / pick_next_task / switch_to / switch_mm in the model's own shape (the live
// pipes and the simulated TCP socket differ in their syscall paths, which the subtraction removes)
// and to check the fit (compare --sweep: "pingpong" in the calibration).
#pragma once
#include "sim/kernel/cost_model.h"

namespace ioscope {

struct SimPingPong {
    bool ok { false };
    double pair_ns { 0 }, rt_threads_ns { 0 }, rt_processes_ns { 0 };
    double half_threads_ns { 0 }, half_processes_ns { 0 };
};

SimPingPong run_sim_pingpong(const CostModel& costs, int rounds = 200);

} // namespace ioscope
