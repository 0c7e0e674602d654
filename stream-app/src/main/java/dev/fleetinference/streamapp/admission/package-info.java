/** Which events the pipeline admits: those of registered, active devices, signed with their own key. */
package dev.fleetinference.streamapp.admission;
