// Package misuse defines an Analyzer that reports binding traps.
//
// # Analyzer misuse
//
// misuse: report ZeroMQ binding traps that crash a process, hang its exit or corrupt messages
//
// TODO
package misuse
