//! A simulator of the Stellantis Connected Vehicles API server (in progress).
