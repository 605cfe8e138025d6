// Package multipart defines an Analyzer that checks how multipart ZeroMQ
// messages are sent.
//
// # Analyzer multipart
//
// multipart: report multipart ZeroMQ messages left open and frames slices reused after a send
//
// TODO
package multipart
