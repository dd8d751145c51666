package input

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// BenchmarkReadFolder reads a folder of 200 articles of about 6 KB each, spread over
// subfolders, and reports the throughput of reading, validation and title extraction.
func BenchmarkReadFolder(b *testing.B) {
	dir := b.TempDir()
	para := "“We will not stand for it,” the minister said on Tuesday, adding that the " +
		"government would review the decision. Critics said the plan was flawed.\n\n"
	body := "Minister rejects plan\n\n" + strings.Repeat(para, 6<<10/len(para))
	var total int64
	for i := range 200 {
		write(b, dir, fmt.Sprintf("%02d/article-%03d.txt", i%10, i), body)
		total += int64(len(body))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		r := Open([]string{dir}, Options{})
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 200 {
			b.Fatalf("read %d articles, want 200", n)
		}
	}
}
