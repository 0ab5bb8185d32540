/**
 * The handlers every Portcullis ships with, found by the host through PF4J like any third-party plugin's.
 * One package per pipeline stage, one small factory per handler, mirroring Oathkeeper's ids and config keys.
 */
package io.portcullis.plugins.builtin;
