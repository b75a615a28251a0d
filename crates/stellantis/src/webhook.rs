//! webhook (in progress).
