/**
 * Stand-in for Magento_Customer/js/customer-data: one knockout-style observable per section
 * (call it to read, `subscribe` to hear changes), `get`, `set` and `reload`, and the
 * x-magento-init entry point Magento calls with the section load URL. The real module also keeps
 * sections in local storage and reloads the ones that expired or that an Ajax request
 * invalidated (etc/frontend/sections.xml); this one loads every section when the page starts.
 * Like the real module it holds page-wide state: every component shares its sections.
 */
define([], function () {
    'use strict';

    var sections = {};
    var options = { sectionLoadUrl: '/customer/section/load/' };

    function observable(value) {
        var subscribers = [];

        function read() {
            return value;
        }

        read.set = function (next) {
            value = next;
            subscribers.slice().forEach(function (callback) { callback(next); });
        };
        read.subscribe = function (callback) {
            subscribers.push(callback);

            return {
                dispose: function () {
                    subscribers = subscribers.filter(function (s) { return s !== callback; });
                }
            };
        };

        return read;
    }

    var customerData = {
        get: function (name) {
            if (!sections[name]) {
                sections[name] = observable({});
            }

            return sections[name];
        },

        set: function (name, data) {
            customerData.get(name).set(data);
        },

        /**
         * GET {sectionLoadUrl}?sections=a,b&force_new_section_timestamp=true, as Magento's does
         * with jQuery; resolves with the sections by name once their observables are updated.
         */
        reload: function (names, forceNewSectionTimestamp) {
            var params = new URLSearchParams();

            if (names && names.length && names.indexOf('*') < 0) {
                params.set('sections', names.join(','));
            }
            params.set('force_new_section_timestamp', String(Boolean(forceNewSectionTimestamp)));

            return fetch(options.sectionLoadUrl + '?' + params.toString(), {
                credentials: 'same-origin',
                headers: { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' }
            }).then(function (response) {
                if (!response.ok) {
                    throw new Error('Section load failed: ' + response.status);
                }

                return response.json();
            }).then(function (data) {
                Object.keys(data).forEach(function (name) { customerData.set(name, data[name]); });

                return data;
            });
        },

        'Magento_Customer/js/customer-data': function (settings) {
            if (settings && settings.sectionLoadUrl) {
                options.sectionLoadUrl = settings.sectionLoadUrl;
            }
            customerData.reload(['*'], false);
        }
    };

    return customerData;
});
