// Package reuse keeps working memory that is costly to rebuild — the taggers' word caches,
// filled word by word over thousands of articles — for the next document.
//
// sync.Pool is the usual way to reuse per-document buffers, but it drops what it holds at
// every other garbage collection, by design: a buffer is cheap to make again. A tagger's
// scratch is not: its word cache holds megabytes of work that took many articles to gather,
// so a pool made a long run start its caches cold, and allocate them again, after each
// collection. A List keeps what it is given until it is taken again. It never holds more
// items than were ever in use at once, one per goroutine that analyses articles.
package reuse

import "sync"

// List is a free list of *T, safe for concurrent use. Its zero value is empty and ready.
type List[T any] struct {
	mu    sync.Mutex
	items []*T
}

// Get removes and returns an item put in l, the one put last, or returns nil when l is empty.
func (l *List[T]) Get() *T {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.items)
	if n == 0 {
		return nil
	}
	x := l.items[n-1]
	l.items[n-1] = nil
	l.items = l.items[:n-1]
	return x
}

// Put adds x to l for a later Get. x must not be used after.
func (l *List[T]) Put(x *T) {
	l.mu.Lock()
	l.items = append(l.items, x)
	l.mu.Unlock()
}
