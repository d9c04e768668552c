// SPDX-License-Identifier: MIT
// A bounded FIFO on a ring of power-of-two slots with erase from the middle, for the
// controller's request queues (read queue, write buffer, per-bank command queues): the
// order is that of a std::deque, but no allocation after construction, O(1) indexing
// without a division, and erase moves only the elements between the erased one and the
// nearer end (≤ half of the queue).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace specsim::dram {

template <class T>
class RingQueue {
public:
    RingQueue() = default;
    /// Room for at least `capacity` elements (more push_backs are a caller bug).
    explicit RingQueue(std::size_t capacity)
    {
        std::size_t n = 1;
        while (n < capacity) n *= 2;
        m_slots.resize(n);
        m_mask = n - 1;
    }

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    /// Element i from the front (0 = oldest).
    T& operator[](std::size_t i) { return m_slots[(m_head + i) & m_mask]; }
    const T& operator[](std::size_t i) const { return m_slots[(m_head + i) & m_mask]; }
    T& front() { return m_slots[m_head]; }
    const T& front() const { return m_slots[m_head]; }

    void push_back(const T& t)
    {
        m_slots[(m_head + m_size) & m_mask] = t;
        ++m_size;
    }
    void pop_front()
    {
        m_head = (m_head + 1) & m_mask;
        --m_size;
    }
    /// Removes element i, keeping the order of the others.
    void erase(std::size_t i)
    {
        if (i < m_size / 2) {  // move the older ones up by one, then drop the front
            for (std::size_t k = i; k > 0; --k) (*this)[k] = std::move((*this)[k - 1]);
            pop_front();
        } else {  // move the newer ones down by one
            for (std::size_t k = i + 1; k < m_size; ++k) (*this)[k - 1] = std::move((*this)[k]);
            --m_size;
        }
    }

private:
    std::vector<T> m_slots;
    std::size_t m_mask = 0, m_head = 0, m_size = 0;
};

}  // namespace specsim::dram
