package ner

import "testing"

func TestOpeningClosing(t *testing.T) {
	for c := 0; c < numClasses; c++ {
		isOpen, isClose := false, false
		for _, x := range opening {
			isOpen = isOpen || x == c
		}
		for _, x := range closing {
			isClose = isClose || x == c
		}
		if isOpen != allowed(-1, c) || isOpen != allowed(0, c) {
			t.Errorf("class %v: opening %v, allowed after start %v", labelOf(c), isOpen, allowed(-1, c))
		}
		if isClose != canEnd(c) {
			t.Errorf("class %v: closing %v, canEnd %v", labelOf(c), isClose, canEnd(c))
		}
		for p := 0; p < numClasses; p++ {
			// after an opening class of type t only I-t and L-t; after a closing one only opening ones
			inClose := false
			for _, x := range closing {
				inClose = inClose || x == p
			}
			want := false
			if inClose {
				want = isOpen
			} else {
				l := labelOf(c)
				want = c != 0 && l.Type == labelOf(p).Type && (l.Part == Inside || l.Part == Last)
			}
			if allowed(p, c) != want {
				t.Errorf("allowed(%v, %v) = %v", labelOf(p), labelOf(c), !want)
			}
		}
	}
}
