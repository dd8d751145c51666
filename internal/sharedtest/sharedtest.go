// Package sharedtest finds ../shared — the data, scoring scripts and peer beside the
// repository — for tests. A user's clone has none, so the tests that need it skip; CI has
// it, and there the scoring scripts' python3 must be installed (.ci/run installs it).
package sharedtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Root is ../shared as seen from a package directory of the repository.
const Root = "../../shared"

// Path returns the path of parts under ../shared, skipping the test when it is absent.
func Path(t testing.TB, parts ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Root}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not present: %v", p, err)
	}
	return p
}

// Python returns the python3 that runs the scoring scripts. Without one the test skips, but
// under CI (the CI environment variable set) it fails: the scripts are the yardstick there.
func Python(t testing.TB) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3 is needed for the scoring scripts; .ci/run installs it")
		}
		t.Skip("python3 not installed")
	}
	return py
}

// Texts reads the .txt files of the folder parts under ../shared (PolNeAR's
// "data/polnear/train/text", say) in name order and returns their contents and total size,
// skipping the test or benchmark when the folder is absent or holds none.
func Texts(tb testing.TB, parts ...string) (texts []string, size int64) {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(Path(tb, parts...), "*.txt"))
	if len(files) == 0 {
		tb.Skipf("no .txt files in %s", filepath.Join(parts...))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(data))
		size += int64(len(data))
	}
	return texts, size
}

// Sample returns the contents of the first n .txt files (all of them when n < 0) of the folder
// parts under ../shared in name order, or none when the folder is absent: for tests that run
// over texts of their own and over real articles too where ../shared is present.
func Sample(tb testing.TB, n int, parts ...string) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(append(append([]string{Root}, parts...), "*.txt")...))
	if n >= 0 {
		files = files[:min(n, len(files))]
	}
	texts := make([]string, 0, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	return texts
}

// Cold runs each(i), one article's stage, for every i below n, once per iteration of b's
// loop, with the processor's caches evicted before each call, untimed, as a pipeline's other
// stages evict them between one article's stage and the next. It reports and returns the time
// each call took on average: a benchmark of one stage then measures what the stage costs in a
// pipeline, where much of it is waiting for memory, rather than what it costs reading the same
// tables article after article.
func Cold(b *testing.B, n int, each func(i int)) time.Duration {
	buf := make([]uint64, EvictBytes/8)
	sink := uint64(0)
	var timed time.Duration
	for b.Loop() {
		for i := range n {
			for j := 0; j < len(buf); j += 8 {
				buf[j]++
				sink += buf[j]
			}
			start := time.Now()
			each(i)
			timed += time.Since(start)
		}
	}
	if sink == 1 { // keeps the writes
		b.Log(sink)
	}
	per := timed / time.Duration(max(b.N*n, 1))
	b.ReportMetric(float64(per.Nanoseconds()), "ns/article")
	return per
}

// EvictBytes is the memory Cold writes between calls: four times the L2 of the machines
// measured.
const EvictBytes = 8 << 20
