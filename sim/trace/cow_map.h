// cow_map.h — a std::map that copies of a State share until one of them changes it
// (copy-on-write), with a version number that tells readers whether the contents may differ.
//
// Why: the Reconstructor keeps full State copies as keyframes, and seeking copies a keyframe into
// the current State. An eventpoll's interest tree (c10k: thousands of epitems) hardly changes
// once the connections are set up, so without sharing every keyframe held its own copy of every
// node, keyframes had to be spaced far apart to stay within their memory budget, and every seek
// replayed tens of thousands of records. Shared, an unchanged tree costs one copy for all of them.
//
// Contract:
//  * Reading never copies. edit() returns the map to change, copying it first if another CowMap
//    shares it, and gives it a new version. Change it through that reference before this CowMap
//    is copied again (a copy made in between would see the changes).
//  * Equal versions mean equal contents (a version is never reused in the process); different
//    versions say nothing (the contents may still be equal). The GUI caches per version.
//  * Not for concurrent use of one CowMap; copies may live on other threads (the shared map is
//    never written while shared).
#pragma once
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>

namespace ioscope {

template <class K, class V>
class CowMap {
public:
    using Map = std::map<K, V>;
    using const_iterator = typename Map::const_iterator;
    using value_type = typename Map::value_type;

    size_t size() const { return m_ ? m_->size() : 0; }
    bool empty() const { return size() == 0; }
    const_iterator begin() const { return map().begin(); }
    const_iterator end() const { return map().end(); }
    const_iterator find(const K& k) const { return map().find(k); }
    size_t count(const K& k) const { return map().count(k); }
    const V& at(const K& k) const { return map().at(k); }
    const Map& map() const { return m_ ? *m_ : empty_map(); }

    uint64_t version() const { return version_; }
    // True when both hold the very same nodes (the memory is shared, not just equal contents).
    bool shares_with(const CowMap& o) const { return m_ && m_ == o.m_; }

    Map& edit() {
        if (!m_) m_ = std::make_shared<Map>();
        else if (m_.use_count() > 1) m_ = std::make_shared<Map>(*m_);
        version_ = next_version();
        return *m_;
    }

    bool operator==(const CowMap& o) const { return version_ == o.version_ || map() == o.map(); }

private:
    static const Map& empty_map() {
        static const Map e;
        return e;
    }
    static uint64_t next_version() {
        static std::atomic<uint64_t> counter { 0 };
        return ++counter;
    }
    std::shared_ptr<Map> m_;
    uint64_t version_ { 0 };          // 0: never edited (empty)
};

} // namespace ioscope
