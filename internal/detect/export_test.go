package detect

// SegmentSize is exported for tests that plant secrets at segment boundaries.
const SegmentSize = segmentSize
