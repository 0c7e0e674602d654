/** The registry's HTTP API: routes, bearer auth for writes, and the JSON form of versions shared with the client. */
package dev.fleetinference.modelregistry.api;
