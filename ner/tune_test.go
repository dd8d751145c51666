package ner

import (
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/sharedtest"
)

var (
	tuneFlag   = flag.Bool("tune", false, "TestTune: train with the settings below, scoring valid after every epoch")
	tuneOff    = flag.String("tune-off", "", "TestTune: also leave out these templates (numbers, comma separated)")
	tuneEpochs = flag.Int("tune-epochs", 0, "TestTune: epochs (0: the default)")
	tunePrune  = flag.Float64("tune-prune", -1, "TestTune: prune (negative: the default)")
)

// TestTune is the bench for choosing defaultConfig: it trains with the default settings
// changed by the -tune-… flags and logs valid F1 after every epoch. It runs only with -tune:
//
//	go test ./ner -run TestTune -tune -tune-prune 1 -v
func TestTune(t *testing.T) {
	if !*tuneFlag {
		t.Skip("-tune not set")
	}
	cfg := defaultConfig
	cfg.evalEpoch = true
	for _, x := range strings.Split(*tuneOff, ",") {
		if n, err := strconv.Atoi(x); err == nil && n >= 0 && n < nTemplates {
			cfg.off |= 1 << n
		}
	}
	if *tuneEpochs > 0 {
		cfg.epochs = *tuneEpochs
	}
	if *tunePrune >= 0 {
		cfg.prune = float32(*tunePrune)
	}
	_, rep, err := train(sharedtest.Path(t, "data", "conll2003"), os.Stderr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%v", rep)
}
