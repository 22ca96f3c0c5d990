package detect

// SegmentSize is exported for tests that plant secrets at segment boundaries.
const SegmentSize = segmentSize

// BinaryContent is exported for tests whose planted text may turn a unit
// into compiled code, where no assignment is read.
var BinaryContent = binaryContent
