package dev.fleetinference.trainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Training and validation examples split by device, so that validation measures the model on machines it has never
 * seen (rows of one device are strongly correlated; a row split would flatter the model).
 */
record DeviceSplit(Examples training, Examples validation, int trainingDevices, int validationDevices) {

    /**
     * Holds out {@code validationShare} of the devices, stratified: that share of the devices that ever fail and of
     * those that never do, at least one of each.
     *
     * @throws IllegalArgumentException if there are not two failing and two healthy devices to share out
     */
    static DeviceSplit byDevice(Examples all, double validationShare, long seed) {
        Map<String, Boolean> deviceFails = new LinkedHashMap<>();
        for (int row = 0; row < all.size(); row++) {
            deviceFails.merge(all.deviceId(row), all.anomalous(row), Boolean::logicalOr);
        }
        List<String> failing = new ArrayList<>();
        List<String> healthy = new ArrayList<>();
        deviceFails.forEach((device, fails) -> (fails ? failing : healthy).add(device));
        if (failing.size() < 2 || healthy.size() < 2) {
            throw new IllegalArgumentException("cannot split " + deviceFails.size() + " devices (" + failing.size()
                    + " failing, " + healthy.size() + " healthy) so both sides have a failing and a healthy device");
        }
        Random random = new Random(seed);
        Set<String> heldOut = new HashSet<>();
        heldOut.addAll(pick(failing, validationShare, random));
        heldOut.addAll(pick(healthy, validationShare, random));

        List<Integer> trainingRows = new ArrayList<>();
        List<Integer> validationRows = new ArrayList<>();
        for (int row = 0; row < all.size(); row++) {
            (heldOut.contains(all.deviceId(row)) ? validationRows : trainingRows).add(row);
        }
        return new DeviceSplit(all.select(toArray(trainingRows)), all.select(toArray(validationRows)),
                deviceFails.size() - heldOut.size(), heldOut.size());
    }

    private static List<String> pick(List<String> devices, double share, Random random) {
        List<String> shuffled = new ArrayList<>(devices);
        Collections.shuffle(shuffled, random);
        int count = (int) Math.max(1, Math.min(devices.size() - 1, Math.round(devices.size() * share)));
        return shuffled.subList(0, count);
    }

    private static int[] toArray(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }
}
