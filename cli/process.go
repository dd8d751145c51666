package cli

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/pipeline"
)

// The analysis runs over batches of articles, stage after stage (pipeline.Analyzer's
// AnalyzeBatch), which keeps each stage's tables in the processor's caches: over PolNeAR train
// on one core, batches of 256 articles ran about 20% faster than one article at a time, and
// batches of 128 as fast as 256 (BenchmarkAnalyzeBatch at 32, 64, 128 and 256, in turns:
// 1.23-1.33, 1.25-1.28, 1.14-1.29 and 1.14-1.28 ms per article, against 1.34-1.48 one at a
// time), with half the documents in memory. A worker takes as a batch the articles that are
// read and waiting, so batches fill while the input comes faster than the analysis (files, a
// WARC) and stay small, without delaying any article, when it comes slower (a pipe that
// yields an article now and then).
const (
	maxBatchDocs  = 128     // articles in one batch
	maxBatchBytes = 1 << 19 // bytes of text in one batch; a longer article is a batch alone
)

// item is one article of a run, or the error of reading it, with its place in the input and,
// once analysed, its document or the error of analysing it.
type item struct {
	seq  int
	art  *input.Article
	err  error
	doc  *document.Doc
	size int // bytes of text the item holds in flight
}

// process reads every article, analyses them on workers goroutines and hands the results to
// emit in input order. Read errors are handed to emit too, in order. The articles read but
// not yet emitted are bounded, in number and in bytes of text ((workers+1) batches' worth;
// an article longer than that is let in alone), so memory stays bounded whatever the input
// size. An error returned by emit (the output failed) stops the run. A panic while analysing
// an article becomes that article's error, naming it; the others go on. When docs is not
// nil, each document is recycled into it once emit returns, so emit must keep nothing of it.
func process(ctx context.Context, rd input.Reader, an *pipeline.Analyzer, docs *docPool, workers int, emit func(*document.Doc, error) error) error {
	if workers < 1 {
		workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fl := newFlight((workers+1)*maxBatchDocs, (workers+1)*maxBatchBytes)
	defer fl.close() // wakes the reader if it waits for room
	read := make(chan item, maxBatchDocs)
	go func() {
		defer close(read)
		for seq := 0; ; seq++ {
			if !fl.enter() || ctx.Err() != nil {
				return
			}
			a, err := rd.Next()
			if err == io.EOF {
				return
			}
			it := item{seq: seq, art: a, err: err}
			if err == nil {
				it.size = len(a.Text)
				fl.add(it.size)
			}
			select {
			case read <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	results := make(chan []item, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var w batchWorker
			for {
				items := w.take(ctx, read)
				if items == nil {
					return
				}
				w.analyze(an, docs, items)
				select {
				case results <- items:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	pending := map[int]item{}
	next := 0
	var firstErr error
	for items := range results {
		for _, it := range items {
			pending[it.seq] = it
		}
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if firstErr == nil {
				if e := emit(p.doc, p.err); e != nil {
					firstErr = e
					cancel()
				}
			}
			docs.recycle(p.doc)
			fl.leave(p.size)
		}
	}
	if firstErr == nil {
		firstErr = ctx.Err() // the caller's context was cancelled
	}
	return firstErr
}

// batchWorker is one worker's working memory.
type batchWorker struct {
	docs []*document.Doc
	errs []error
	at   []int // docs[k] is the document of items[at[k]]
}

// take returns the articles waiting in read, at least one (waiting for it) and at most a
// batch, or nil once read is closed and empty or ctx is done. Each batch is a new slice: the
// emitter keeps it until its articles are emitted.
func (w *batchWorker) take(ctx context.Context, read <-chan item) []item {
	var it item
	var ok bool
	select {
	case it, ok = <-read:
		if !ok {
			return nil
		}
	case <-ctx.Done():
		return nil
	}
	items := []item{it}
	bytes := it.size
	for len(items) < maxBatchDocs && bytes < maxBatchBytes {
		select {
		case it, ok := <-read:
			if !ok {
				return items
			}
			items = append(items, it)
			bytes += it.size
		default:
			return items
		}
	}
	return items
}

// analyze analyses the articles of items (those read without error) as one batch and sets
// each one's document, or its error when a stage panicked on it (the document is dropped,
// not recycled: the stage may have left it inconsistent).
func (w *batchWorker) analyze(an *pipeline.Analyzer, docs *docPool, items []item) {
	w.docs, w.at = w.docs[:0], w.at[:0]
	for i := range items {
		if items[i].err == nil {
			w.docs = append(w.docs, docs.newDoc(items[i].art))
			w.at = append(w.at, i)
		}
	}
	w.errs = an.AnalyzeBatch(w.docs, w.errs)
	for k, i := range w.at {
		it := &items[i]
		if err := w.errs[k]; err != nil {
			v := any(err)
			if se, ok := err.(*pipeline.StageError); ok {
				v = se.Value
			}
			it.err = fmt.Errorf("%s: internal error while analysing: %v", it.art.Source, v)
			continue
		}
		it.doc = w.docs[k]
	}
	clear(w.docs) // the emitter owns them now
}

// flight counts the articles read but not yet emitted, and the bytes of their texts, and
// makes the reader wait while either is at its bound.
type flight struct {
	mu                 sync.Mutex
	room               sync.Cond
	items, bytes       int
	maxItems, maxBytes int
	closed             bool
}

func newFlight(maxItems, maxBytes int) *flight {
	f := &flight{maxItems: maxItems, maxBytes: maxBytes}
	f.room.L = &f.mu
	return f
}

// enter waits for room for one more article and counts it; it returns false, counting
// nothing, once f is closed.
func (f *flight) enter() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for !f.closed && f.items > 0 && (f.items >= f.maxItems || f.bytes >= f.maxBytes) {
		f.room.Wait()
	}
	if f.closed {
		return false
	}
	f.items++
	return true
}

// add counts n bytes of text of the article entered last.
func (f *flight) add(n int) {
	f.mu.Lock()
	f.bytes += n
	f.mu.Unlock()
}

// leave uncounts an article that held n bytes.
func (f *flight) leave(n int) {
	f.mu.Lock()
	f.items--
	f.bytes -= n
	f.mu.Unlock()
	f.room.Signal()
}

// close wakes the reader and makes enter fail from now on.
func (f *flight) close() {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	f.room.Broadcast()
}
