package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/pipeline"
)

// listReader yields its texts as articles named 0, 1, …; a text "ERR" is a read error
// instead. It counts the articles read, so that a test can see how far it runs ahead.
type listReader struct {
	texts []string
	mu    sync.Mutex
	n     int
}

func (r *listReader) Next() (*input.Article, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == len(r.texts) {
		return nil, io.EOF
	}
	i := r.n
	r.n++
	if r.texts[i] == "ERR" {
		return nil, fmt.Errorf("%d: cannot read", i)
	}
	name := fmt.Sprint(i)
	return &input.Article{ID: name, Name: name, Source: name, Text: r.texts[i]}, nil
}

func (r *listReader) read() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// TestProcess checks that process hands every article to emit in input order, with read
// errors and analysis panics in their places and naming their article, whatever the number
// of workers and however the articles fall into batches.
func TestProcess(t *testing.T) {
	// The stage marks each document with its text's length; "PANIC" makes it panic.
	an := pipeline.NewWith(pipeline.StageFunc(func(d *document.Doc) {
		if d.Text == "PANIC" {
			panic("bad article")
		}
		d.Title = fmt.Sprintf("len %d", len(d.Text))
	}))
	for _, n := range []int{0, 1, 3, maxBatchDocs - 1, maxBatchDocs + 1, 3*maxBatchDocs + 7} {
		var texts, want []string
		for i := range n {
			switch {
			case i%50 == 7:
				texts = append(texts, "ERR")
				want = append(want, fmt.Sprintf("error %d: cannot read", i))
			case i%70 == 11:
				texts = append(texts, "PANIC")
				want = append(want, fmt.Sprintf("error %d: internal error while analysing: bad article", i))
			default:
				text := strings.Repeat("x", i%13)
				texts = append(texts, text)
				want = append(want, fmt.Sprintf("%d len %d", i, len(text)))
			}
		}
		for _, workers := range []int{1, 2, 4} {
			var got []string
			rd := &listReader{texts: texts}
			err := process(context.Background(), rd, an, &docPool{}, workers, func(d *document.Doc, err error) error {
				if err != nil {
					got = append(got, "error "+err.Error())
				} else {
					got = append(got, d.Name+" "+d.Title)
				}
				return nil
			})
			if err != nil {
				t.Fatalf("%d articles, %d workers: %v", n, workers, err)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%d articles, %d workers: emitted\n%s\nwant\n%s", n, workers, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}
}

// TestProcessBounded checks that the reader never runs more than the flight's bound ahead
// of emit, counted in articles and in bytes of text, and that an article longer than the
// byte bound still passes.
func TestProcessBounded(t *testing.T) {
	an := pipeline.NewWith()
	const n = 4000
	texts := make([]string, n)
	for i := range texts {
		texts[i] = strings.Repeat("y", 10)
	}
	big := strings.Repeat("z", 5*maxBatchBytes)
	texts[100] = big
	for _, workers := range []int{1, 2} {
		rd := &listReader{texts: texts}
		emitted, most := 0, 0
		err := process(context.Background(), rd, an, nil, workers, func(d *document.Doc, err error) error {
			if err != nil {
				return err
			}
			emitted++
			most = max(most, rd.read()-emitted)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if emitted != n {
			t.Errorf("%d workers: emitted %d articles, want %d", workers, emitted, n)
		}
		// The reader may hold one article more than the bound while it waits for room.
		if bound := (workers+1)*maxBatchDocs + 1; most > bound {
			t.Errorf("%d workers: read up to %d articles ahead of emit, bound %d", workers, most, bound)
		}
	}
	// Longer articles: the bound in bytes holds first.
	const size = 64 << 10
	for i := range texts[:200] {
		texts[i] = strings.Repeat("w", size)
	}
	for _, workers := range []int{1, 2} {
		rd := &listReader{texts: texts[:200]}
		emitted, most := 0, 0
		err := process(context.Background(), rd, an, nil, workers, func(d *document.Doc, err error) error {
			emitted++
			most = max(most, rd.read()-emitted)
			return err
		})
		if err != nil || emitted != 200 {
			t.Fatalf("%d workers: %v after %d articles", workers, err, emitted)
		}
		if bound := (workers+1)*maxBatchBytes/size + 1; most > bound {
			t.Errorf("%d workers: read up to %d articles of %d bytes ahead of emit, bound %d", workers, most, size, bound)
		}
	}
}

// TestProcessStops checks that an error from emit stops the run and is returned, and that a
// cancelled context stops it too.
func TestProcessStops(t *testing.T) {
	an := pipeline.NewWith()
	texts := make([]string, 10*maxBatchDocs)
	for i := range texts {
		texts[i] = "a"
	}
	stop := errors.New("output failed")
	for _, workers := range []int{1, 3} {
		calls := 0
		err := process(context.Background(), &listReader{texts: texts}, an, nil, workers, func(*document.Doc, error) error {
			calls++
			if calls == 5 {
				return stop
			}
			return nil
		})
		if err != stop || calls != 5 {
			t.Errorf("%d workers: err %v after %d calls, want %v after 5", workers, err, calls, stop)
		}
		ctx, cancel := context.WithCancel(context.Background())
		calls = 0
		err = process(ctx, &listReader{texts: texts}, an, nil, workers, func(*document.Doc, error) error {
			calls++
			if calls == 3 {
				cancel()
			}
			return nil
		})
		if err != context.Canceled || calls >= len(texts) {
			t.Errorf("%d workers: cancelled run returned %v after %d calls", workers, err, calls)
		}
	}
}

// TestTakeBatch checks how a worker cuts batches: what is waiting, up to maxBatchDocs
// articles or maxBatchBytes of text.
func TestTakeBatch(t *testing.T) {
	var w batchWorker
	read := make(chan item, 2*maxBatchDocs)
	for i := range maxBatchDocs + 5 {
		read <- item{seq: i, size: 1}
	}
	if got := w.take(context.Background(), read); len(got) != maxBatchDocs || got[0].seq != 0 {
		t.Errorf("first batch: %d articles, want %d", len(got), maxBatchDocs)
	}
	if got := w.take(context.Background(), read); len(got) != 5 || got[0].seq != maxBatchDocs {
		t.Errorf("second batch: %d articles from %d, want 5 from %d", len(got), got[0].seq, maxBatchDocs)
	}
	read <- item{seq: 0, size: maxBatchBytes / 2}
	read <- item{seq: 1, size: maxBatchBytes / 2}
	read <- item{seq: 2, size: 1}
	if got := w.take(context.Background(), read); len(got) != 2 {
		t.Errorf("batch by bytes: %d articles, want 2", len(got))
	}
	close(read)
	if got := w.take(context.Background(), read); len(got) != 1 || got[0].seq != 2 {
		t.Errorf("last batch: %v", got)
	}
	if got := w.take(context.Background(), read); got != nil {
		t.Errorf("after the end: %v, want nil", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := w.take(ctx, make(chan item)); got != nil {
		t.Errorf("cancelled: %v, want nil", got)
	}
}
