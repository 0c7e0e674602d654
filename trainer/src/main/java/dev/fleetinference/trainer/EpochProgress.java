package dev.fleetinference.trainer;

/** Where training stands after an epoch: mean training loss and the ROC AUC on the held-out devices. */
record EpochProgress(int epoch, int epochs, double loss, double validationAuc) {
}
