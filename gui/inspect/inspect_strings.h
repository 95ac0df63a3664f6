// inspect_strings.h — the inspectors' and the narration's strings, English and Simplified
// Chinese. Same scheme as gui/i18n.h (and the same language switch, i18n's set_language); kept in
// its own table so the inspector work and the rest of the GUI can add strings independently.
// i18n.cpp's all_zh_strings() includes these, so the CJK font covers every one of them.
//
// Narration templates use positional placeholders {0}..{5}: Chinese word order differs from
// English, so the arguments cannot be filled in sequence.
#pragma once
#include "gui/i18n.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace ioscope::gui {

enum class SI : uint16_t {
    // inspector names (tabs) and controls
    TabProcesses, TabCpus, TabWaitQueues, TabSelect, TabPoll, TabEpoll, TabSockets, TabSignals,
    AutoFollow, AutoFollowHint, NothingHere, Inspectors,
    // process table / run queues / CPU panel
    ColPid, ColTid, ColName, ColState, ColLinux, ColWait, ColSyscall, ColContext, ColCpuTime, ColCpu,
    RunQueues, RunQueueEmpty, Running, CpuMode, InMode, LastTick, LastFunction, NeedResched, TickNow,
    BusyByMode, Thread,
    // wait queues
    WqOwner, WqEmpty, WqEntry, WqRemoved, WqAddedNow, WqWokenNow, WqDeclinedNow, WqNoTask, WqNone,
    // select
    SelFollows, SelUserSets, SelKernelSets, SelNotCopied, SelInterest, SelResults, SelCursor, SelPass,
    SelCopyIn, SelCopyOut, SelBoundary, SelUnusedMaps, SelFdSetSizeRow, SelNotInCall, SelBits, SelMapIn, SelMapOut, SelMapEx,
    SelMapResIn, SelMapResOut, SelMapResEx, SelReady, SelNotReady,
    // poll
    PollArray, PollChunks, PollStack, PollPage, PollCopying, PollNone, PollIndex, PollEvents, PollRevents,
    // epoll
    EpTree, EpSubtree, ProcThread, EpReady, EpOverflow, EpWaiters, EpEmptyList, EpNone, EpRotations, EpRed, EpBlack, EpBy,
    EpLeft, EpRight,
    // sockets
    SkListen, SkRecvQ, SkAcceptQ, SkSendQ, SkTcp, SkPackets, SkWaiters, SkNone, NetPath, NetNic,
    NetHardIrq, NetSoftirq, NetProtocol, NetQueued, NetWakeup, NetLastPacket,
    // signals and AIO
    SigPending, SigHandler, SigLastDelivered, SigNone, AioInflight, AioCompleted, AioNone, AioContext,
    // narration panel
    NarrTitle, NarrScenarioNote, NarrNoNote, NarrStart, NarrNotes, NarrJump,
    // narration sentences (templates)
    NSyscallEnter, NSyscallExit, NKernelStep, NUserStep, NContextSwitch, NStateWaiting, NStateReady,
    NStateRunning, NStateNew, NStateTerminated, NRunqEnqueue, NRunqDequeue, NClockTick, NNeedResched,
    NIrqEnter, NIrqExit, NSoftirqEnter, NSoftirqExit, NWakeup, NWakeupIrq, NModeSwitch, NCopyFromUser,
    NCopyToUser, NPacketRx, NPacketTx, NSockBufRx, NSockBufAccept, NSockBufTx, NSockState, NWqAdd,
    NWqAddExclusive, NWqRemove, NWqWakeWoke, NWqWakeNot, NFdSetCopyIn, NFdSetCopyOut, NFdSetWord, NFdSetGetWord, NFdSetZeroWord, NFdSetResBit, NFdSetResStore,
    NFdPollSelect, NFdPollPoll, NFdPollEpoll, NPollfdIn, NPollfdOut, NRbInsert, NRbErase, NRbRecolor,
    NRbRotate, NRdlAddCallback, NRdlAddRequeue, NRdlAddDone, NRdlAddInsert, NRdlRemove, NRdlRemoveCtl,
    NOvfAdd, NOvfRemove, NSignalRaise, NSignalDeliver, NAioSubmit, NAioComplete, NAioBytes, NTimerArm, NTimerFire,
    NTimerCancel, NTaskNew, NTaskExit, NTaskCrash, NTaskRename, NObjectNew, NObjectFree, NFdInstall, NFdClose,
    NMarker, NNarration, NReady, NNotReady, NRed, NBlack, NRbWhereChild, NRbWhereRoot, PollCursor,
    NRbEraseSuccessor, NRbStepNone, NRbStepInsertRoot, NRbStepInsert1, NRbStepInsert2, NRbStepInsert3,
    NRbStepErase1, NRbStepErase2, NRbStepErase3, NRbStepErase4,
    Count_
};

const char* tr(SI id);
const char* tr(SI id, Lang l);
// Every Chinese string of this table (for the font glyph ranges).
std::vector<std::string> inspector_zh_strings();
// tr(id) with {0}..{n} replaced by args.
std::string trf(SI id, std::initializer_list<std::string> args);
std::string fill_placeholders(const char* tmpl, std::initializer_list<std::string> args);

} // namespace ioscope::gui
