package attrib

import "testing"

func TestStem(t *testing.T) {
	for _, c := range []struct{ word, want string }{
		// The forms of a reporting verb share a stem.
		{"accuse", "accus"}, {"accused", "accus"}, {"accuses", "accus"}, {"accusing", "accus"},
		{"demand", "demand"}, {"demands", "demand"}, {"demanded", "demand"}, {"demanding", "demand"},
		{"slam", "slam"}, {"slammed", "slam"}, {"slamming", "slam"}, {"slams", "slam"},
		{"deny", "deny"}, {"denies", "deny"}, {"denied", "deny"},
		{"call", "call"}, {"called", "call"}, {"calling", "call"},
		{"press", "press"}, {"pressed", "press"}, {"presses", "press"},
		{"decline", "declin"}, {"declined", "declin"}, {"declining", "declin"},
		{"agree", "agree"}, {"agreed", "agree"}, {"agrees", "agree"},
		{"push", "push"}, {"pushes", "push"},
		// Short words and words that only look inflected stay as they are.
		{"is", "is"}, {"has", "has"}, {"red", "red"}, {"ring", "ring"}, {"thus", "thus"},
		{"analysis", "analysis"}, {"trump's", "trump's"}, {"", ""},
	} {
		if got := stem(c.word); got != c.want {
			t.Errorf("stem(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}
