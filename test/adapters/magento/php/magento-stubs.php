<?php
/**
 * Minimal stand-ins for the Magento framework classes the module's PHP uses, so php-cli can load
 * and run it here: Magento itself cannot run on this machine (it needs PHP extensions, MySQL,
 * OpenSearch and Composer access to repo.magento.com). Signatures follow Magento 2.4; behaviour is
 * only what the module relies on. The Escaper and JsonHexTag copy their real escaping rules, since
 * the tests judge the template's output by them.
 */
declare(strict_types=1);

namespace Magento\Framework\App\Config {
    interface ScopeConfigInterface
    {
        public const SCOPE_TYPE_DEFAULT = 'default';

        public function getValue($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null);

        public function isSetFlag($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null);
    }

    /** Magento's config value model, reduced to the value and the save hook. */
    class Value
    {
        private mixed $value = null;
        private ?string $scope = null;
        private ?string $scopeCode = null;

        /** Magento injects the scope config (and more) here; `_config` is the name its subclasses read. */
        public function __construct(protected ?ScopeConfigInterface $_config = null)
        {
        }

        /** Magento's magic getters for the scope being saved (DataObject's `scope`, `scope_code`). */
        public function getScope(): ?string
        {
            return $this->scope;
        }

        public function getScopeCode(): ?string
        {
            return $this->scopeCode;
        }

        public function setScope(?string $scope): static
        {
            $this->scope = $scope;
            return $this;
        }

        public function setScopeCode(?string $scopeCode): static
        {
            $this->scopeCode = $scopeCode;
            return $this;
        }

        public function getValue(): mixed
        {
            return $this->value;
        }

        public function setValue(mixed $value): static
        {
            $this->value = $value;
            return $this;
        }

        public function beforeSave()
        {
            return $this;
        }
    }
}

namespace Magento\Framework {
    class Phrase implements \Stringable
    {
        public function __construct(private string $text, private array $arguments = [])
        {
        }

        public function __toString(): string
        {
            $text = $this->text;
            foreach ($this->arguments as $i => $argument) {
                $text = str_replace('%' . ($i + 1), (string) $argument, $text);
            }
            return $text;
        }
    }

    interface UrlInterface
    {
        public const URL_TYPE_LINK = 'link';

        public function getUrl($routePath = null, $routeParams = null);
    }

    /** The escaping rules of Magento\Framework\Escaper (Laminas' escapeHtmlAttr). */
    class Escaper
    {
        public function escapeHtml($data, $allowedTags = null): string
        {
            return htmlspecialchars((string) $data, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8', false);
        }

        public function escapeHtmlAttr($string, $escapeSingleQuote = true): string
        {
            return (string) preg_replace_callback('/[^a-z0-9,\.\-_]/iSu', static function (array $m): string {
                $chr = $m[0];
                $ord = mb_ord_fallback($chr);
                if (($ord <= 0x1f && $chr !== "\t" && $chr !== "\n" && $chr !== "\r") || ($ord >= 0x7f && $ord <= 0x9f)) {
                    return '&#xFFFD;';
                }
                return match ($ord) {
                    34 => '&quot;', 38 => '&amp;', 60 => '&lt;', 62 => '&gt;',
                    default => sprintf($ord > 255 ? '&#x%04X;' : '&#x%02X;', $ord),
                };
            }, (string) $string);
        }
    }

    function mb_ord_fallback(string $chr): int
    {
        $code = unpack('N', (string) iconv('UTF-8', 'UTF-32BE', $chr));
        return (int) $code[1];
    }
}

namespace Magento\Framework\Serialize\Serializer {
    /** As Magento's: JSON with < and > written as \u003C and \u003E. */
    class JsonHexTag
    {
        public function serialize($data): string
        {
            $result = json_encode($data, JSON_HEX_TAG);
            if ($result === false) {
                throw new \InvalidArgumentException('Unable to serialize value.');
            }
            return $result;
        }
    }
}

namespace Magento\Framework\View\Element\Block {
    interface ArgumentInterface
    {
    }
}

namespace Magento\Framework\View\Element {
    class Template
    {
        public function __construct(private array $data = [])
        {
        }

        public function getData($key = '')
        {
            return $this->data[$key] ?? null;
        }
    }
}

namespace Magento\Framework\Data {
    interface OptionSourceInterface
    {
        public function toOptionArray();
    }
}

namespace Magento\Framework\Exception {
    class LocalizedException extends \Exception
    {
        public function __construct(\Magento\Framework\Phrase $phrase)
        {
            parent::__construct((string) $phrase);
        }
    }
}

namespace Magento\Framework\Component {
    class ComponentRegistrar
    {
        public const MODULE = 'module';

        /** @var array<string, array<string, string>> */
        public static array $paths = [];

        public static function register($type, $componentName, $path): void
        {
            self::$paths[$type][$componentName] = $path;
        }
    }
}

namespace Magento\Store\Model {
    interface ScopeInterface
    {
        public const SCOPE_STORE = 'store';
    }

    interface StoreManagerInterface
    {
        public function getStore($storeId = null);
    }

    class Store
    {
        public function __construct(private string $currency, private string $baseUrl)
        {
        }

        public function getCurrentCurrencyCode()
        {
            return $this->currency;
        }

        public function getBaseUrl($type = \Magento\Framework\UrlInterface::URL_TYPE_LINK, $secure = null)
        {
            return $this->baseUrl;
        }
    }
}

namespace Magento\Csp\Api\Data {
    interface PolicyInterface
    {
        public function getId(): string;

        public function getValue(): string;
    }
}

namespace Magento\Csp\Api {
    interface PolicyCollectorInterface
    {
        public function collect(array $defaultPolicies = []): array;
    }
}

namespace Magento\Csp\Model\Policy {
    /** The constructor and rendering of Magento's FetchPolicy, for host sources. */
    class FetchPolicy implements \Magento\Csp\Api\Data\PolicyInterface
    {
        public function __construct(
            private string $id,
            private bool $noneAllowed = true,
            private array $hostSources = [],
            private array $schemeSources = [],
            private bool $selfAllowed = false
        ) {
            $this->hostSources = array_values(array_unique($hostSources));
        }

        public function getId(): string
        {
            return $this->id;
        }

        public function getHostSources(): array
        {
            return $this->hostSources;
        }

        public function isNoneAllowed(): bool
        {
            return $this->noneAllowed;
        }

        public function getValue(): string
        {
            if ($this->noneAllowed) {
                return "'none'";
            }
            $sources = $this->hostSources;
            if ($this->selfAllowed) {
                $sources[] = "'self'";
            }
            return implode(' ', $sources);
        }
    }
}

namespace {
    function __(string $text, ...$arguments): \Magento\Framework\Phrase
    {
        return new \Magento\Framework\Phrase($text, $arguments);
    }
}
