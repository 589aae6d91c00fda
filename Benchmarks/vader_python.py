#!/usr/bin/env python3
"""The Python peer for SignalsBenchmark: PyPI vaderSentiment 3.3.2 over the same
texts (one per line), median of 3 passes. Prints vader_texts_per_second N."""
import statistics
import sys
import time

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

texts = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
analyzer = SentimentIntensityAnalyzer()
passes = []
for _ in range(3):
    start = time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    passes.append(time.perf_counter() - start)
print(f"vader_texts_per_second {int(len(texts) / statistics.median(passes))}")
