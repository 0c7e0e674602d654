package dev.fleetinference.localstack.kafka;

/** Whether the embedded cluster's clients must log in over TLS (SECURED) or talk plaintext to anyone (INSECURE). */
public enum Security {
    /** SASL_SSL with SCRAM-SHA-512 for clients, the StandardAuthorizer with no ACL meaning no access. */
    SECURED,
    /** PLAINTEXT, no authentication and no authorizer: the local stack as it always was. */
    INSECURE
}
