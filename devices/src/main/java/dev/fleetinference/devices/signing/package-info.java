/** How an event proves which device sent it: an HMAC-SHA256 of its bytes with the device's own key. */
package dev.fleetinference.devices.signing;
