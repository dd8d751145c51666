package hugepage

import (
	"reflect"
	"runtime"
	"sync"
	"unsafe"
)

// An Arena holds tables that Alloc placed outside the Go heap, and gives their memory back to
// the system once the Arena is unreachable.
//
// Why outside: the garbage collector lets the heap grow to twice what was live after the last
// collection (GOGC=100), so every megabyte of model weights and word caches on the heap costs
// two. Over PolNeAR train, dev and the BBC set, `whosaid ingest` held some 95 MB of such
// tables: on the heap they set the collector's goal near 350 MB and the peak resident memory
// above 400 MB. The tables hold no pointers, so the collector has nothing to find in them;
// outside the heap each costs its own size once.
//
// The rule that makes this safe: a table from Alloc may be used only while its Arena is
// reachable. Keep the *Arena in the struct that holds the tables (so copies of the struct keep
// it too), and let a method that reads the tables through local variables keep its receiver
// reachable until it is done (runtime.KeepAlive), as the public entry points of the taggers
// do: once nothing reaches the Arena, the runtime unmaps the tables in a cleanup. An Arena
// frees nothing before that, so a table that is replaced as it grows belongs on the heap
// (Make), or should be made once at its largest size.
type Arena struct {
	m *mappings // not reachable from the cleanup's side, which holds m alone
}

// mappings are the memory an Arena's tables live in.
type mappings struct {
	mu   sync.Mutex
	list []mapping
}

type mapping struct {
	addr unsafe.Pointer
	n    uintptr
}

// NewArena returns an empty Arena.
func NewArena() *Arena {
	a := &Arena{m: &mappings{}}
	runtime.AddCleanup(a, (*mappings).free, a.m)
	return a
}

func (m *mappings) free() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.list {
		unmap(p.addr, p.n)
	}
	m.list = nil
}

// Alloc returns a zeroed slice of n elements of T. When a is not nil, T holds no pointers
// and the slice holds at least minBytes, the slice lies outside the Go heap, in memory of a's
// on huge pages where the system offers them, aligned to a huge page; otherwise, or when the
// system refuses the memory, Alloc is Make. The slice must not be used once a is unreachable
// (see Arena). Appending beyond its capacity moves it to the heap, as append does.
func Alloc[T any](a *Arena, n int) []T {
	var zero T
	size := uintptr(n) * unsafe.Sizeof(zero)
	if a == nil || size < minBytes || hasPointers(reflect.TypeFor[T]()) {
		return Make[T](n)
	}
	p, mapped := mapTable(size)
	if p == nil {
		return Make[T](n)
	}
	a.m.mu.Lock()
	a.m.list = append(a.m.list, mapping{p, mapped})
	a.m.mu.Unlock()
	return unsafe.Slice((*T)(p), n)
}

// hasPointers reports whether a value of type t holds pointers the collector must see.
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
		return false
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return false
	}
	return true // pointers, slices, strings, maps, channels, functions, interfaces
}
