package dev.fleetinference.devices;

/** Whether a registered device may still send events and read its predictions. */
public enum DeviceStatus {
    /** Registered: its events are scored, it reads its own predictions. */
    ACTIVE,
    /** Revoked: its credential and ACLs are gone and its events are dead letters; its topic keeps its data. */
    REVOKED
}
